/**
 * Version history in the browser: editors name versions and restore them,
 * every open editor sees a restore live, anyone with access opens a version
 * read-only with what changed highlighted in its author's colour, and a
 * viewer is offered no naming and no restore.
 */
import type { Browser, Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { CLIENT_DIR, createDocument, editorSurface, person, screenshot, shareLink } from '../helpers/browser.js';
import { useBrowser } from '../helpers/fixtures.js';
import { sdkFor } from '../helpers/rest.js';
import { startServer } from '../helpers/server.js';

let browser: Browser;
useBrowser((b) => {
  browser = b;
});

const ANA = '#d64545';
const BO = '#2f7ed8';

const status = (page: Page): Promise<string> => page.locator('.chorus-status').innerText();
const text = (page: Page): Promise<string> => editorSurface(page).innerText();
const history = (page: Page): Locator => page.getByRole('region', { name: 'Version history' });
const diff = (page: Page): Locator => history(page).getByRole('document', { name: 'Version content' });
const authorColour = (locator: Locator): Promise<string> => locator.evaluate((el) => (el as HTMLElement).style.getPropertyValue('--author'));

async function openHistory(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'History' }).click();
  await history(page).locator('.history-body[data-view="list"]').waitFor();
}

async function nameVersion(page: Page, name: string): Promise<void> {
  await history(page).getByLabel('Version name').fill(name);
  await history(page).getByRole('button', { name: 'Name this version' }).click();
  await history(page).getByRole('status').getByText(`Named “${name}”.`).waitFor();
}

async function openVersion(page: Page, label: string): Promise<void> {
  const back = history(page).getByRole('button', { name: '← All versions' });
  if (await back.isVisible()) await back.click();
  await history(page).getByRole('button', { name: `Open ${label}`, exact: true }).click();
  await history(page).getByRole('heading', { name: new RegExp(`^${label}`) }).waitFor();
}

describe('version history in the browser', () => {
  it('names and opens versions with changes in each author\'s colour; an editor restores live and undoes it; a viewer cannot', async () => {
    const server = await startServer({}, {}, { clientDir: CLIENT_DIR });
    const url = `${server.httpUrl}/`;
    const ana = await person(browser, url, 'Ana', ANA);
    await createDocument(ana.page, 'Trip');
    await editorSurface(ana.page).click();
    await ana.page.keyboard.type('Take the train.');
    await expect.poll(() => status(ana.page), { timeout: 10_000 }).toBe('Saved');
    await openHistory(ana.page);
    await nameVersion(ana.page, 'First draft');

    const bo = await person(browser, url, 'Bo', BO);
    await bo.page.goto(await shareLink(ana.page, 'Editor'));
    await bo.page.locator('.chorus-content[contenteditable="true"]').waitFor();
    await editorSurface(bo.page).click();
    await bo.page.keyboard.press('Control+End');
    await bo.page.keyboard.press('Enter');
    await bo.page.keyboard.type('Bo adds a stopover.');
    await expect.poll(() => status(bo.page), { timeout: 10_000 }).toBe('Saved');
    await expect.poll(() => text(ana.page)).toContain('Bo adds a stopover.');
    await nameVersion(ana.page, 'With Bo <b>stopover</b>');

    // The list: newest first, each with its time and who changed the document since the one before.
    const items = history(ana.page).getByRole('list', { name: 'Versions' }).getByRole('listitem');
    await expect.poll(() => items.count()).toBe(2);
    expect(await items.nth(0).locator('.history-label').innerText()).toBe('With Bo <b>stopover</b>');
    expect(await items.nth(0).locator('.history-author').allInnerTexts()).toEqual(['Bo']);
    expect(await items.nth(1).locator('.history-author').allInnerTexts()).toEqual(['Ana']);
    expect(await items.nth(0).locator('time').getAttribute('datetime')).toMatch(/^\d{4}-\d\d-\d\dT/);

    // Opened read-only: Bo's paragraph is marked as added, in Bo's colour; the name stays text.
    await openVersion(ana.page, 'With Bo <b>stopover</b>');
    const added = diff(ana.page).locator('.version-added', { hasText: 'Bo adds a stopover.' }).first();
    await added.waitFor();
    expect(await authorColour(added)).toBe(BO);
    expect(await diff(ana.page).locator('.version-added', { hasText: 'Take the train.' }).count()).toBe(0);
    expect(await history(ana.page).locator('b').count()).toBe(0);
    expect(await diff(ana.page).getAttribute('contenteditable')).toBeNull();
    await screenshot(ana.page, 'version-diff');

    // A viewer lists and opens versions, and is offered neither naming nor restoring.
    const cy = await person(browser, url, 'Cy', '#2e9e5b');
    await cy.page.goto(await shareLink(ana.page, 'Viewer'));
    await expect.poll(() => status(cy.page), { timeout: 10_000 }).toBe('Read-only');
    await openHistory(cy.page);
    expect(await history(cy.page).getByLabel('Version name').count()).toBe(0);
    await openVersion(cy.page, 'With Bo <b>stopover</b>');
    await diff(cy.page).locator('.version-added', { hasText: 'Bo adds a stopover.' }).first().waitFor();
    expect(await cy.page.getByRole('button', { name: 'Restore this version' }).count()).toBe(0);

    // Ana restores the first draft: every open editor shows it, and it is saved.
    await openVersion(ana.page, 'First draft');
    await history(ana.page).getByRole('button', { name: 'Restore this version' }).click();
    await history(ana.page).getByRole('status').getByText('Restored “First draft”.').waitFor();
    for (const page of [ana.page, bo.page, cy.page]) {
      await expect.poll(() => text(page), { timeout: 10_000 }).not.toContain('Bo adds a stopover.');
      expect(await text(page)).toContain('Take the train.');
    }
    await expect.poll(() => status(ana.page)).toBe('Saved');

    // The restore is a version whose changes show Bo's paragraph removed, in the colour of Ana, who restored.
    await openVersion(ana.page, 'Restored: First draft');
    const removed = diff(ana.page).locator('.version-removed', { hasText: 'Bo adds a stopover.' }).first();
    await removed.waitFor();
    expect(await authorColour(removed)).toBe(ANA);
    await screenshot(ana.page, 'version-restore-diff');

    // Bo's Undo does not hold the restore: it leaves the restored text as it is.
    await editorSurface(bo.page).click();
    await bo.page.keyboard.press('Control+z');
    expect(await text(bo.page)).toBe('Take the train.');

    // Ana's Undo takes the restore back, for everyone and in the store; her Redo brings it again.
    const docId = new URL(ana.page.url()).hash.split('/').pop()!.split('?')[0]!;
    const stored = async (): Promise<string> => ((await (await sdkFor(server).get({ path: `/documents/${docId}` })).json()) as { content: string }).content;
    await editorSurface(ana.page).click();
    await ana.page.keyboard.press('Control+z');
    for (const page of [ana.page, bo.page, cy.page]) await expect.poll(() => text(page), { timeout: 10_000 }).toBe('Take the train.\n\nBo adds a stopover.');
    await expect.poll(() => status(ana.page)).toBe('Saved');
    expect(await stored()).toBe('Take the train.\n\nBo adds a stopover.');
    await ana.page.keyboard.press('Control+Shift+z');
    for (const page of [ana.page, bo.page, cy.page]) await expect.poll(() => text(page), { timeout: 10_000 }).toBe('Take the train.');
    await expect.poll(() => status(ana.page)).toBe('Saved');
    expect(await stored()).toBe('Take the train.');

    // And the History panel's button takes it back too, with Bo's paragraph where it was.
    await history(ana.page).getByRole('button', { name: 'Undo restore' }).click();
    await history(ana.page).getByRole('status').getByText('The restore is undone.').waitFor();
    for (const page of [ana.page, bo.page, cy.page]) await expect.poll(() => text(page), { timeout: 10_000 }).toBe('Take the train.\n\nBo adds a stopover.');
  });
});
