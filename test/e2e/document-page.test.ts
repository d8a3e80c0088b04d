/**
 * The demo's pages as a finished product: the document's title on the page
 * and in the tab (editors rename it in place), the empty list's state, the
 * empty editor's placeholder, long titles that wrap, a status line that moves
 * nothing when it changes, a favicon, a signed-out visit without errors, and
 * one's own second tab labelled as such.
 */
import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { CLIENT_DIR, createDocument, editorSurface, ownerWithSavedText, person, shareLink, statusText as status } from '../helpers/browser.js';
import { useBrowser } from '../helpers/fixtures.js';
import { startServer, type TestServer } from '../helpers/server.js';

let browser: Browser;
let server: TestServer;
useBrowser((b) => {
  browser = b;
});

const title = (page: Page) => page.locator('h1.doc-title-text');
/** How far the page is wider than its window (0: nothing sticks out sideways). */
const overflow = (page: Page): Promise<number> => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

async function start(): Promise<string> {
  server = await startServer({}, {}, { clientDir: CLIENT_DIR });
  return `${server.httpUrl}/`;
}

describe('the document page', () => {
  it('shows the title on the page and in the tab; an editor renames it in place, and it stays renamed', async () => {
    const url = await start();
    const ana = await person(browser, url, 'Ana', '#d64545');
    expect(await ana.page.title()).toBe('Documents · Chorus');
    await createDocument(ana.page, 'Meeting notes');
    expect(await title(ana.page).innerText()).toBe('Meeting notes');
    expect(await ana.page.title()).toBe('Meeting notes · Chorus');

    await ana.page.getByRole('button', { name: 'Rename document' }).click();
    const field = ana.page.getByRole('textbox', { name: 'Document title' });
    await field.fill('Weekly plan');
    await field.press('Enter');
    await expect.poll(() => title(ana.page).innerText()).toBe('Weekly plan');
    expect(await ana.page.title()).toBe('Weekly plan · Chorus');

    // Escape leaves the title as it was.
    await title(ana.page).click();
    await field.fill('Not this');
    await field.press('Escape');
    expect(await title(ana.page).innerText()).toBe('Weekly plan');

    // Another editor, through an editor link, sees the new name, and may rename too; a reload keeps it.
    const bo = await person(browser, url, 'Bo', '#2f7ed8');
    await bo.page.goto(await shareLink(ana.page, 'Editor'));
    await expect.poll(() => title(bo.page).innerText()).toBe('Weekly plan');
    await bo.page.getByRole('button', { name: 'Rename document' }).click();
    await bo.page.getByRole('textbox', { name: 'Document title' }).fill('Plan for the week');
    await bo.page.getByRole('textbox', { name: 'Document title' }).press('Enter');
    await expect.poll(() => title(bo.page).innerText()).toBe('Plan for the week');
    await bo.page.getByRole('textbox', { name: 'Document title' }).waitFor({ state: 'detached' });
    await ana.page.reload();
    await expect.poll(() => title(ana.page).innerText()).toBe('Plan for the week');
    await ana.page.goto(url);
    await ana.page.getByRole('link', { name: /Plan for the week/ }).waitFor();
  });

  it('shows a viewer the title without a way to rename it', async () => {
    const url = await start();
    const ana = await person(browser, url, 'Ana', '#d64545');
    await createDocument(ana.page, 'Read me');
    const cy = await person(browser, url, 'Cy', '#2e9e5b');
    await cy.page.goto(await shareLink(ana.page, 'Viewer'));
    await expect.poll(() => status(cy.page), { timeout: 10_000 }).toBe('Read-only');
    expect(await title(cy.page).innerText()).toBe('Read me');
    expect(await cy.page.title()).toBe('Read me · Chorus');
    expect(await cy.page.getByRole('button', { name: 'Rename document' }).count()).toBe(0);
    await title(cy.page).click();
    expect(await cy.page.getByRole('textbox', { name: 'Document title' }).count()).toBe(0);
    // The empty document says so to a viewer, rather than inviting them to write.
    await expect.poll(() => cy.page.locator('.chorus-placeholder').innerText()).toBe('Nothing written yet');
  });

  it('has an empty state for no documents and a placeholder for an empty document, gone once there is text', async () => {
    const url = await start();
    const ana = await person(browser, url, 'Ana', '#d64545');
    await ana.page.getByRole('heading', { name: 'Start your first document' }).waitFor();
    await createDocument(ana.page, 'Draft');
    const placeholder = ana.page.locator('.chorus-placeholder');
    await placeholder.waitFor();
    expect(await placeholder.innerText()).toBe('Start writing…');
    expect(await editorSurface(ana.page).getAttribute('aria-placeholder')).toBe('Start writing…');
    await editorSurface(ana.page).click();
    await ana.page.keyboard.type('Hello');
    await placeholder.waitFor({ state: 'hidden' });
    await ana.page.keyboard.press('Control+A');
    await ana.page.keyboard.press('Backspace');
    await placeholder.waitFor();
    await ana.page.goto(url);
    await ana.page.getByRole('link', { name: /Draft/ }).waitFor();
    expect(await ana.page.getByRole('heading', { name: 'Start your first document' }).count()).toBe(0);
  });

  it('wraps a long unbroken title in the list, on the page and while renaming, at desktop and phone widths', async () => {
    const url = await start();
    const long = 'Supercalifragilistic'.repeat(9);
    for (const viewport of [{ width: 1280, height: 800 }, { width: 390, height: 844 }]) {
      const ana = await person(browser, url, `Ana ${viewport.width}`, '#d64545', viewport);
      await createDocument(ana.page, long);
      expect(await overflow(ana.page)).toBe(0);
      const box = await title(ana.page).boundingBox();
      expect(box!.x + box!.width).toBeLessThanOrEqual(viewport.width);
      expect(box!.height).toBeGreaterThan(60); // more than one line
      await ana.page.getByRole('button', { name: 'Rename document' }).click();
      expect(await overflow(ana.page)).toBe(0);
      await ana.page.keyboard.press('Escape');
      await ana.page.goto(url);
      await ana.page.getByRole('link', { name: new RegExp(long) }).first().waitFor();
      expect(await overflow(ana.page)).toBe(0);
      await ana.context.close();
    }
  });

  it('says offline edits are kept without moving the text, and the editor back in place once online', async () => {
    const { ana } = await ownerWithSavedText(browser, await start(), 'Steady', 'First line.');
    const before = await editorSurface(ana.page).boundingBox();
    await ana.context.setOffline(true);
    await ana.page.keyboard.type(' More.');
    await expect.poll(() => status(ana.page), { timeout: 15_000 }).toBe('Offline: changes kept on this device');
    expect(await editorSurface(ana.page).boundingBox()).toEqual(before);
    await ana.context.setOffline(false);
    await expect.poll(() => status(ana.page), { timeout: 15_000 }).toBe('Saved');
    expect(await editorSurface(ana.page).boundingBox()).toEqual(before);
  });

  it('labels one\'s own second tab\'s cursor as one\'s own, and another person\'s by their name', async () => {
    const url = await start();
    const ana = await person(browser, url, 'Ana', '#d64545');
    const docUrl = await createDocument(ana.page, 'Two tabs');
    await editorSurface(ana.page).click();
    await ana.page.keyboard.type('Written in the first tab.');
    const second = await ana.context.newPage();
    await second.goto(docUrl);
    await editorSurface(second).and(second.locator('[contenteditable="true"]')).waitFor();
    await editorSurface(second).click();
    await second.keyboard.press('End');
    await expect.poll(() => ana.page.locator('.chorus-cursors').innerText(), { timeout: 10_000 }).toBe('You (other tab)');
    await expect.poll(() => second.locator('.chorus-cursors').innerText(), { timeout: 10_000 }).toBe('You (other tab)');
    // The avatars show Ana once, as herself.
    await expect.poll(() => ana.page.getByRole('listitem', { name: 'Ana (you)' }).count()).toBe(1);

    const bo = await person(browser, url, 'Bo', '#2f7ed8');
    await bo.page.goto(await shareLink(ana.page, 'Editor'));
    await editorSurface(bo.page).and(bo.page.locator('[contenteditable="true"]')).waitFor();
    await editorSurface(bo.page).click();
    await expect.poll(() => ana.page.locator('.chorus-cursors').innerText(), { timeout: 10_000 }).toContain('Bo');
    expect(await bo.page.locator('.chorus-cursors').innerText()).not.toContain('You (other tab)');
    await expect.poll(() => bo.page.locator('.chorus-cursors').innerText(), { timeout: 10_000 }).toContain('Ana');
  });
});

describe('a signed-out visit', () => {
  it('shows the sign-in form with a favicon and without a failed request or a console error', async () => {
    const url = await start();
    const page = await (await browser.newContext()).newPage();
    const failures: string[] = [];
    page.on('response', (response) => void (response.status() >= 400 && failures.push(`${response.status()} ${response.url()}`)));
    page.on('console', (message) => void (message.type() === 'error' && failures.push(message.text())));
    page.on('pageerror', (error) => failures.push(error.message));
    await page.goto(url);
    await page.getByLabel('Display name').waitFor();
    expect(await page.title()).toBe('Sign in · Chorus');
    const icon = await page.locator('link[rel="icon"]').evaluate((link: HTMLLinkElement) => link.href);
    const response = await page.request.get(icon);
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toContain('image/svg+xml');
    // The mark in the sign-in card is the same picture, loaded.
    expect(await page.locator('.brand-mark').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    expect(failures).toEqual([]);
  });
});
