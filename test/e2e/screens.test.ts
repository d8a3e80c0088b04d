/**
 * Every view of the demo at a desktop (1280×800) and a phone (390×844) size,
 * saved as test-artifacts/screens/{view}-{desktop|phone}.png for a person to
 * look at. Each view is checked for the one thing a picture hides least
 * well: nothing sticks out sideways. The pointer is moved off the page
 * before each shot, so no hover state is captured by accident (the one
 * tooltip shown is asked for).
 */
import type { Browser, Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ARTIFACTS, CLIENT_DIR, createDocument, editorSurface, openShareDialog, person, shareLink } from '../helpers/browser.js';
import { useBrowser } from '../helpers/fixtures.js';
import { startServer } from '../helpers/server.js';

let browser: Browser;
useBrowser((b) => {
  browser = b;
});

/** Names the document's current state from the open History panel. */
async function nameVersion(history: Locator, name: string): Promise<void> {
  await history.getByLabel('Version name').fill(name);
  await history.getByRole('button', { name: 'Name this version' }).click();
  await history.getByRole('status').getByText(`Named “${name}”.`).waitFor();
}

const SIZES = { desktop: { width: 1280, height: 800 }, phone: { width: 390, height: 844 } } as const;

/** Saves the view and checks that it fits the window's width; `hover` keeps the pointer where it is. */
async function capture(page: Page, view: string, size: keyof typeof SIZES, hover = false): Promise<void> {
  if (!hover) await page.mouse.move(0, 0);
  await page.screenshot({ path: `${ARTIFACTS}/screens/${view}-${size}.png` }); // first, so a view that does not fit can be seen
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth), view).toBe(0);
}

describe.each(Object.keys(SIZES) as (keyof typeof SIZES)[])('every view at %s size', (size) => {
  it('is saved as a screenshot and fits the window', async () => {
    const viewport = SIZES[size];
    const server = await startServer({}, {}, { clientDir: CLIENT_DIR });
    const url = `${server.httpUrl}/`;

    const visitor = await (await browser.newContext({ viewport })).newPage();
    await visitor.goto(url);
    await visitor.getByLabel('Display name').waitFor();
    await capture(visitor, 'sign-in', size);

    const ana = await person(browser, url, 'Ana Lima', '#d64545', viewport);
    await ana.page.getByRole('heading', { name: 'Start your first document' }).waitFor();
    await capture(ana.page, 'documents-empty', size);

    const docUrl = await createDocument(ana.page, 'Quarterly planning');
    await ana.page.locator('.chorus-placeholder').waitFor();
    await capture(ana.page, 'document-empty', size);

    await editorSurface(ana.page).click();
    await ana.page.keyboard.type('# Goals for the quarter\nShip the editor to everyone, and make sharing ');
    await ana.page.keyboard.press('Control+B');
    await ana.page.keyboard.type('simple');
    await ana.page.keyboard.press('Control+B');
    await ana.page.keyboard.type('.\n- Invite the design team\nRead the feedback');
    await ana.page.locator('.chorus-status[data-state="saved"]').waitFor();
    if (size === 'desktop') {
      await ana.page.getByRole('button', { name: 'Bold', exact: true }).hover();
      await ana.page.locator('.chorus-tip').waitFor();
    }
    await capture(ana.page, 'document', size, size === 'desktop');

    // Renaming in place moves nothing below the title.
    const belowTitle = () => ana.page.locator('.access').evaluate((line) => line.getBoundingClientRect().top);
    const before = await belowTitle();
    await ana.page.getByRole('button', { name: 'Rename document' }).click();
    expect(await belowTitle()).toBe(before);
    await capture(ana.page, 'document-rename', size);
    await ana.page.keyboard.press('Escape');

    const dialog = await openShareDialog(ana.page);
    await ana.page.waitForFunction(() => document.querySelector<HTMLInputElement>('.share-link-field')?.value.includes('?share='));
    await capture(ana.page, 'share-dialog', size);
    await dialog.getByRole('button', { name: 'Revoke all links' }).click();
    await capture(ana.page, 'share-dialog-revoke', size);
    await dialog.getByRole('button', { name: 'Keep them' }).click();
    await dialog.getByRole('button', { name: 'Close' }).click();

    // History: two named versions, the list, then the newer one opened with what changed.
    const history = ana.page.getByRole('region', { name: 'Version history' });
    await ana.page.getByRole('button', { name: 'History' }).click();
    await nameVersion(history, 'First draft');
    const lastItem = editorSurface(ana.page).locator('li').last(); // clicked at its far end: the caret goes after its text
    await lastItem.click({ position: { x: (await lastItem.boundingBox())!.width - 4, y: 8 } });
    await ana.page.keyboard.type('\nAgree on a launch date');
    await ana.page.locator('.chorus-status[data-state="saved"]').waitFor();
    await nameVersion(history, 'Ready for review');
    await capture(ana.page, 'history', size);
    await history.getByRole('button', { name: 'Open Ready for review', exact: true }).click();
    await history.locator('.version-added').first().waitFor();
    await capture(ana.page, 'history-version', size);
    await ana.page.getByRole('button', { name: 'History' }).click();

    const bo = await person(browser, url, 'Bo', '#2f7ed8', viewport);
    await bo.page.goto(await shareLink(ana.page, 'Viewer'));
    await bo.page.locator('.chorus-status[data-state="read-only"]').waitFor();
    await capture(bo.page, 'viewer', size);
    await bo.page.getByRole('button', { name: 'History' }).click();
    await bo.page.getByRole('list', { name: 'Versions' }).waitFor();
    await capture(bo.page, 'viewer-history', size);
    await bo.page.goto(`${docUrl}?share=e.0.4102444800.madeup`);
    await bo.page.getByRole('heading', { name: 'This link does not work' }).waitFor();
    await capture(bo.page, 'link-does-not-work', size);
    await bo.page.goto(`${url}#/doc/NoSuchDocument42`);
    await bo.page.getByRole('heading', { name: 'Document not found' }).waitFor();
    await capture(bo.page, 'not-found', size);
    await bo.page.goto(`${url}#/doc/not%20a%20link`);
    await bo.page.getByRole('heading', { name: 'This link does not work' }).waitFor();
    await capture(bo.page, 'bad-link', size);

    await ana.context.setOffline(true);
    await editorSurface(ana.page).click();
    await ana.page.keyboard.press('Control+End');
    await ana.page.keyboard.type(' (written offline)');
    await ana.page.locator('.chorus-status[data-state="offline"]').waitFor({ timeout: 15_000 });
    await capture(ana.page, 'offline', size);
    await ana.context.setOffline(false);
    await ana.page.locator('.chorus-status[data-state="saved"]').waitFor({ timeout: 15_000 });
    await ana.context.setOffline(true);
    await ana.page.evaluate(() => void (location.hash = '#/'));
    await ana.page.getByRole('button', { name: 'Try again' }).waitFor();
    await capture(ana.page, 'unreachable', size);
    await ana.context.setOffline(false);

    await ana.page.goto(url);
    await createDocument(ana.page, 'A title without spaces: '.concat('Supercalifragilisticexpialidocious'.repeat(5)));
    await capture(ana.page, 'document-long-title', size);
    await ana.page.goto(url);
    await ana.page.getByRole('link', { name: /Quarterly planning/ }).waitFor();
    await capture(ana.page, 'documents', size);
  });
});
