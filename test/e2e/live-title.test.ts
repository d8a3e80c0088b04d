/**
 * A rename shows at once on every page that has the document open: its
 * heading and its tab's title change without a reload, for an editor's
 * other tab and for a viewer alike; the title is shown as text, never as
 * HTML; the documents list shows it the next time it is drawn.
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
});
