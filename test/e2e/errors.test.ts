/**
 * Errors that say what happened: a share link that does not work (made up,
 * for another document, revoked while the document is open), a document id
 * that does not exist (and is not created by being opened, in the demo or in
 * an embedded editor), an address that
 * is not a link of the app, and a server that cannot be reached while edits
 * are waiting to be saved.
 */
import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { CLIENT_DIR, createDocument, editorSurface, openShareDialog, ownerWithSavedText, person, shareLink, statusText as status } from '../helpers/browser.js';
import { TEST_APP } from '../helpers/config.js';
import { useBrowser } from '../helpers/fixtures.js';
import { useHostApps } from '../helpers/host-app.js';
import { sdkFor } from '../helpers/rest.js';
import { startServer, type TestServer } from '../helpers/server.js';

let browser: Browser;
let server: TestServer;
useBrowser((b) => {
  browser = b;
});
const startHostApp = useHostApps();

const heading = (page: Page, name: string) => page.getByRole('heading', { name, exact: true });

/** A node as deployed: opening a document never creates it. */
async function start(): Promise<string> {
  server = await startServer({}, {}, { clientDir: CLIENT_DIR, env: { CHORUS_DOC_CREATE_ON_OPEN: 'false' } });
  return `${server.httpUrl}/`;
}

/** The page shows the problem with a way back to the list, and no editor. */
async function showsProblem(page: Page, title: string): Promise<void> {
  await heading(page, title).waitFor();
  expect(await page.title()).toBe(`${title} · Chorus`);
  expect(await page.getByRole('link', { name: 'Go to your documents' }).count()).toBe(1);
  expect(await page.locator('.chorus-content').count()).toBe(0);
}

describe('errors that say what happened', () => {
  it('says a made-up share link, or one for another document, does not work', async () => {
    const url = await start();
    const ana = await person(browser, url, 'Ana', '#d64545');
    const firstUrl = await createDocument(ana.page, 'First');
    const firstLink = await shareLink(ana.page, 'Editor');
    await ana.page.goto(url);
    const secondUrl = await createDocument(ana.page, 'Second');
    const secondId = /#\/doc\/([A-Za-z0-9_-]+)/.exec(secondUrl)![1]!;

    const cy = await person(browser, url, 'Cy', '#2e9e5b');
    await cy.page.goto(`${firstUrl}?share=e.0.4102444800.madeup`);
    await showsProblem(cy.page, 'This link does not work');
    await cy.page.goto(firstLink.replace(/#\/doc\/[^?]+/, `#/doc/${secondId}`));
    await showsProblem(cy.page, 'This link does not work');
    expect(await cy.page.getByRole('alert').innerText()).toBe('This share link is not valid for this document');
  });

  it('says a link revoked while the document is open does not work, in place of the editor', async () => {
    const url = await start();
    const ana = await person(browser, url, 'Ana', '#d64545');
    await createDocument(ana.page, 'Shared');
    const bo = await person(browser, url, 'Bo', '#2f7ed8');
    await bo.page.goto(await shareLink(ana.page, 'Editor'));
    await editorSurface(bo.page).and(bo.page.locator('[contenteditable="true"]')).waitFor();

    const dialog = await openShareDialog(ana.page);
    await dialog.getByRole('button', { name: 'Revoke all links' }).click();
    await dialog.getByRole('button', { name: 'Revoke', exact: true }).click();
    await dialog.getByText('Every link given out so far is revoked.').waitFor();

    const notice = bo.page.locator('.chorus-notice');
    await notice.getByRole('heading', { name: 'This link does not work' }).waitFor({ timeout: 15_000 });
    expect(await status(bo.page)).toBe('This link does not work');
    expect(await editorSurface(bo.page).isVisible()).toBe(false);
  });

  it('says an unknown document is not found, and opening it creates nothing', async () => {
    const url = await start();
    const ana = await person(browser, url, 'Ana', '#d64545');
    await ana.page.goto(`${url}#/doc/NoSuchDocument42`);
    await showsProblem(ana.page, 'Document not found');
    await expect(sdkFor(server).get({ path: '/documents/NoSuchDocument42' })).rejects.toMatchObject({ status: 404 });
    await ana.page.getByRole('link', { name: 'Go to your documents' }).click();
    await heading(ana.page, 'Start your first document').waitFor();
  });

  it('says, in an embedded editor, that a document which does not exist is not found, instead of waiting', async () => {
    await start();
    const host = await startHostApp({
      '/missing.html': `<!doctype html><html><body>
        <chorus-editor doc-id="no-such-doc" server="${server.httpUrl}" app-key="${TEST_APP.key}" user-name="Ana" user-color="#d64545"></chorus-editor>
        <script type="module" src="${server.httpUrl}/embed/chorus-editor.js"></script></body></html>`,
    });
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${host.url}/missing.html`);
    await page.locator('.chorus-notice').getByRole('heading', { name: 'Document not found' }).waitFor({ timeout: 15_000 });
    expect(await status(page)).toBe('Document not found');
    expect(await page.locator('.chorus-content').isVisible()).toBe(false);
    await expect(sdkFor(server).get({ path: '/documents/no-such-doc' })).rejects.toMatchObject({ status: 404 });
  });

  it('says a malformed link does not work, rather than showing the list in its place', async () => {
    const url = await start();
    const ana = await person(browser, url, 'Ana', '#d64545');
    for (const hash of ['#/doc/has%20space', '#/doc/abc?share=', '#/documents', '#/doc/abc?role=editor']) {
      await ana.page.goto(`${url}${hash}`);
      await showsProblem(ana.page, 'This link does not work');
      expect(await heading(ana.page, 'Documents').count()).toBe(0);
    }
  });

  it('says the server cannot be reached when a page cannot ask it anything, and tries again on request', async () => {
    const url = await start();
    const ana = await person(browser, url, 'Ana', '#d64545');
    await ana.context.setOffline(true);
    await ana.page.evaluate(() => void (location.hash = '#/doc/NoSuchDocument42'));
    await heading(ana.page, 'Can’t reach Chorus').waitFor();
    expect(await ana.page.getByRole('alert').innerText()).toBe('The server cannot be reached. Check your connection.');
    await ana.context.setOffline(false);
    await ana.page.getByRole('button', { name: 'Try again' }).click();
    await showsProblem(ana.page, 'Document not found');
  });

  it('says edits are kept on this device while the server cannot be reached', async () => {
    const { ana } = await ownerWithSavedText(browser, await start(), 'Unreachable', 'Saved first.');
    await server.close();
    await expect.poll(() => status(ana.page), { timeout: 15_000 }).not.toBe('Saved');
    await ana.page.keyboard.type(' Then this.');
    await expect.poll(() => status(ana.page), { timeout: 15_000 }).toMatch(/changes kept on this device$/);
  });
});
