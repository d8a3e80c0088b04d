/**
 * A rename shows at once on every page that has the document open: its
 * heading and its tab's title change without a reload, for an editor's
 * other tab and for a viewer alike; the title is shown as text, never as
 * HTML; an open documents list shows it at once when a tab of the same
 * browser hears of it, and otherwise when the list is shown again.
 */
import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { CLIENT_DIR, createDocument, person, shareLink, statusText } from '../helpers/browser.js';
import { useBrowser } from '../helpers/fixtures.js';
import { startServer } from '../helpers/server.js';

let browser: Browser;
useBrowser((b) => {
  browser = b;
});

const heading = (page: Page) => page.locator('h1.doc-title-text');

async function rename(page: Page, title: string): Promise<void> {
  await page.getByRole('button', { name: 'Rename document' }).click();
  const field = page.getByRole('textbox', { name: 'Document title' });
  await field.fill(title);
  await field.press('Enter');
  await field.waitFor({ state: 'detached' });
}

describe('a rename', () => {
  it('shows on every open page of the document, heading and tab title, as text', async () => {
    const server = await startServer({}, {}, { clientDir: CLIENT_DIR });
    const url = `${server.httpUrl}/`;
    const ana = await person(browser, url, 'Ana', '#d64545');
    const docUrl = await createDocument(ana.page, 'Draft');
    const viewerLink = await shareLink(ana.page, 'Viewer');

    // Ana's second tab, and Cy with a viewer link, have the document open.
    const second = await ana.context.newPage();
    await second.goto(docUrl);
    const cy = await person(browser, url, 'Cy', '#2e9e5b');
    await cy.page.goto(viewerLink);
    for (const page of [second, cy.page]) await expect.poll(() => statusText(page), { timeout: 10_000 }).toMatch(/^(Saved|Read-only)$/);
    expect(await heading(cy.page).innerText()).toBe('Draft');

    await rename(ana.page, 'Launch plan');
    for (const page of [second, cy.page]) {
      await expect.poll(() => heading(page).innerText()).toBe('Launch plan');
      expect(await page.title()).toBe('Launch plan · Chorus');
    }

    // From the other tab, a title that looks like HTML: shown as the characters typed, everywhere.
    const markup = '<img src=x onerror="window.hacked=1"> & <b>bold</b>';
    await rename(second, markup);
    for (const page of [ana.page, cy.page]) {
      await expect.poll(() => heading(page).innerText()).toBe(markup);
      expect(await page.title()).toBe(`${markup} · Chorus`);
      expect(await heading(page).locator('img, b').count()).toBe(0);
      expect(await page.evaluate(() => (window as unknown as { hacked?: number }).hacked)).toBeUndefined();
    }
    expect(await cy.page.getByRole('button', { name: 'Rename document' }).count()).toBe(0);

    // The list shows the new title when it is next drawn.
    await rename(ana.page, 'Launch plan, final');
    await expect.poll(() => heading(cy.page).innerText()).toBe('Launch plan, final');
    await second.goto(url);
    await second.getByRole('link', { name: /Launch plan, final/ }).waitFor();
  });

  it('shows on an open documents list: at once from a tab of the same browser, and when the list is shown again', async () => {
    const server = await startServer({}, {}, { clientDir: CLIENT_DIR });
    const url = `${server.httpUrl}/`;
    const ana = await person(browser, url, 'Ana', '#d64545');
    await createDocument(ana.page, 'Alpha');
    const editorLink = await shareLink(ana.page, 'Editor');
    const list = await ana.context.newPage();
    await list.goto(url);
    const listed = (title: string) => list.getByRole('link', { name: new RegExp(`^${title}`) });
    await listed('Alpha').waitFor();

    // Ana renames it in her document's tab: her list, open in another tab, shows it without a reload.
    await rename(ana.page, 'Bravo');
    await listed('Bravo').waitFor();

    // Bo, an editor by link, renames it: Ana's document tab hears of it from the server and tells her list.
    const bo = await person(browser, url, 'Bo', '#2e6bd6');
    await bo.page.goto(editorLink);
    await expect.poll(() => statusText(bo.page), { timeout: 10_000 }).toBe('Saved');
    await rename(bo.page, 'Charlie');
    await listed('Charlie').waitFor();

    // With no tab of it open here, a rename shows once the list is shown again (fetched anew).
    await ana.page.goto(url);
    await rename(bo.page, 'Delta');
    await expect.poll(async () => {
      await list.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
      return listed('Delta').count();
    }, { timeout: 10_000 }).toBe(1);
    expect(await listed('Charlie').count()).toBe(0);
  });
});
