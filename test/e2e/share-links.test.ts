/**
 * Share links in the demo, as people use them: only the owner is offered
 * links; a viewer sees no editor link and cannot make one from theirs; an
 * expired or revoked link is refused with the reason, and opens no editor.
 */
import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ShareTokens } from '../../server/demo/share.js';
import { CLIENT_DIR, createDocument, editorSurface, openShareDialog, person, screenshot, shareLink } from '../helpers/browser.js';
import { TEST_APP } from '../helpers/config.js';
import { useBrowser } from '../helpers/fixtures.js';
import { startServer, type TestServer } from '../helpers/server.js';

let browser: Browser;
let server: TestServer;
useBrowser((b) => {
  browser = b;
});

const status = (page: Page): Promise<string> => page.locator('.chorus-status').innerText();
const refusal = (page: Page) => page.getByRole('alert');

/** Nothing on the page, visible or not, is or holds an editor link. */
async function noEditorLink(page: Page): Promise<void> {
  expect(await page.getByRole('button', { name: 'Share…' }).count()).toBe(0);
  expect(await page.getByLabel('Editor link').count()).toBe(0);
  expect(await page.content()).not.toMatch(/share=e\./);
}

async function ownerWithDocument(): Promise<{ url: string; ana: Awaited<ReturnType<typeof person>>; docUrl: string }> {
  server = await startServer({}, {}, { clientDir: CLIENT_DIR });
  const url = `${server.httpUrl}/`;
  const ana = await person(browser, url, 'Ana', '#d64545');
  const docUrl = await createDocument(ana.page, 'Plans');
  await editorSurface(ana.page).click();
  await ana.page.keyboard.type('Only Ana writes here.');
  await expect.poll(() => status(ana.page), { timeout: 10_000 }).toBe('Saved');
  return { url, ana, docUrl };
}

describe('share links in the browser', () => {
  it('offers links to the owner only: a viewer sees no editor link, and one made from a viewer link is refused', async () => {
    const { url, ana, docUrl } = await ownerWithDocument();
    const viewerLink = await shareLink(ana.page, 'Viewer');
    expect(await shareLink(ana.page, 'Editor')).toMatch(/\?share=e\./);

    // Copy puts the chosen link on the clipboard.
    await ana.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.httpUrl });
    const dialog = await openShareDialog(ana.page);
    await dialog.getByText('Can view', { exact: true }).click();
    await ana.page.waitForFunction(() => document.querySelector<HTMLInputElement>('.share-link-field')?.value.includes('?share=v.'));
    await dialog.getByRole('button', { name: 'Copy link' }).click();
    await dialog.getByRole('button', { name: 'Copied' }).waitFor();
    expect(await ana.page.evaluate(() => navigator.clipboard.readText())).toBe(await dialog.getByLabel('Viewer link').inputValue());
    await dialog.getByRole('button', { name: 'Close' }).click();

    const cy = await person(browser, url, 'Cy', '#2e9e5b');
    for (const address of [viewerLink, docUrl]) {
      await cy.page.goto(address);
      await expect.poll(() => status(cy.page), { timeout: 10_000 }).toBe('Read-only');
      await expect.poll(() => editorSurface(cy.page).innerText()).toContain('Only Ana writes here.');
      await expect.poll(() => cy.page.locator('.access').innerText()).toBe('You can view this document');
      await noEditorLink(cy.page);
      expect(await cy.page.getByRole('button', { name: 'Rename document' }).count()).toBe(0);
    }
    await screenshot(cy.page, 'viewer-no-share');

    // Cy edits the address to ask for the editor role: the signature no longer matches.
    await cy.page.goto(viewerLink.replace('?share=v.', '?share=e.'));
    await expect.poll(() => refusal(cy.page).innerText(), { timeout: 10_000 }).toBe('This share link is not valid for this document');
    await cy.page.getByRole('heading', { name: 'This link does not work' }).waitFor();
    expect(await cy.page.locator('.chorus-content').count()).toBe(0);
  });

  it('refuses an expired link and a revoked one with the reason; new links work', async () => {
    const { url, ana, docUrl } = await ownerWithDocument();
    const docId = /#\/doc\/([A-Za-z0-9_-]+)/.exec(docUrl)![1]!;
    const editorLink = await shareLink(ana.page, 'Editor');
    const bo = await person(browser, url, 'Bo', '#2f7ed8');
    await bo.page.goto(editorLink);
    await bo.page.locator('.chorus-content[contenteditable="true"]').waitFor();
    expect(await bo.page.locator('.access').innerText()).toBe('You can edit this document');
    await noEditorLink(bo.page);

    // A link made with the server's key two hours ago, for one hour.
    const expired = new ShareTokens(TEST_APP.secret, 3600, () => Date.now() - 2 * 3600 * 1000).issue(docId, 'editor', 0).token;
    const cy = await person(browser, url, 'Cy', '#2e9e5b');
    await cy.page.goto(`${docUrl}?share=${expired}`);
    await expect.poll(() => refusal(cy.page).innerText(), { timeout: 10_000 }).toBe('This share link has expired; ask the owner for a new one');
    expect(await cy.page.locator('.chorus-content').count()).toBe(0);

    // Ana revokes every link; Bo's reload and Cy's first visit are refused.
    const dialog = await openShareDialog(ana.page);
    await dialog.getByRole('button', { name: 'Revoke all links' }).click();
    await dialog.getByRole('button', { name: 'Revoke', exact: true }).click();
    await dialog.getByText('Every link given out so far is revoked.').waitFor();
    await dialog.getByRole('button', { name: 'Close' }).click();
    await bo.page.reload();
    await expect.poll(() => refusal(bo.page).innerText(), { timeout: 10_000 }).toBe('This share link was revoked by the owner of the document');
    expect(await bo.page.locator('.chorus-content').count()).toBe(0);
    await cy.page.goto(editorLink);
    await expect.poll(() => refusal(cy.page).innerText(), { timeout: 10_000 }).toBe('This share link was revoked by the owner of the document');
    await screenshot(cy.page, 'revoked-link');

    // A new editor link works.
    const fresh = await shareLink(ana.page, 'Editor');
    expect(fresh).not.toBe(editorLink);
    await cy.page.goto(fresh);
    await cy.page.locator('.chorus-content[contenteditable="true"]').waitFor();
  });
});
