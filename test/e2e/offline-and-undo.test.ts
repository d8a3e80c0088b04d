/** Edits survive closing the tab while offline; undo takes back only one's own changes. */
import type { Browser } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { CLIENT_DIR, createDocument, editorSurface, indexedDbSettled, person, shareLink } from '../helpers/browser.js';
import { useBrowser } from '../helpers/fixtures.js';
import { startServer, type TestServer } from '../helpers/server.js';

let browser: Browser;
let server: TestServer;
useBrowser((b) => {
  browser = b;
});

describe('offline and undo', () => {
  it('keeps edits made offline after the tab is closed, and sends them when the document is opened again online', async () => {
    server = await startServer({}, {}, { clientDir: CLIENT_DIR });
    const ana = await person(browser, `${server.httpUrl}/`, 'Ana', '#d64545');
    const docUrl = await createDocument(ana.page, 'Trip');
    await ana.context.setOffline(true);
    await expect.poll(() => ana.page.locator('.chorus-status').innerText(), { timeout: 15_000 }).toContain('Offline');
    await editorSurface(ana.page).click();
    await ana.page.keyboard.type('Packed while offline.');
    await expect.poll(() => ana.page.locator('.chorus-status').innerText()).toBe('Offline: changes kept on this device');
    await indexedDbSettled(ana.page);
    // Close the tab while offline: the edit never reached the server, only this browser's IndexedDB.
    await ana.page.close();
    expect(server.node.docs.openCount).toBeLessThanOrEqual(1);
    await ana.context.setOffline(false);
    const reopened = await ana.context.newPage();
    await reopened.goto(docUrl);
    await expect.poll(() => editorSurface(reopened).innerText(), { timeout: 15_000 }).toContain('Packed while offline.');
    await expect.poll(() => reopened.locator('.chorus-status').innerText(), { timeout: 10_000 }).toBe('Saved');
    const bo = await person(browser, `${server.httpUrl}/`, 'Bo', '#2f7ed8');
    await bo.page.goto(docUrl);
    await expect.poll(() => editorSurface(bo.page).innerText(), { timeout: 15_000 }).toContain('Packed while offline.');
  });

  it('undoes only one\'s own changes', async () => {
    server = await startServer({}, {}, { clientDir: CLIENT_DIR });
    const ana = await person(browser, `${server.httpUrl}/`, 'Ana', '#d64545');
    await createDocument(ana.page, 'Undo');
    const bo = await person(browser, `${server.httpUrl}/`, 'Bo', '#2f7ed8');
    await bo.page.goto(await shareLink(ana.page, 'Editor'));
    await bo.page.locator('.chorus-content[contenteditable="true"]').waitFor();
    await editorSurface(ana.page).click();
    await ana.page.keyboard.type('Ana line');
    await expect.poll(() => editorSurface(bo.page).innerText()).toContain('Ana line');
    await editorSurface(bo.page).click();
    await bo.page.keyboard.press('Control+End');
    await bo.page.keyboard.press('Enter');
    await bo.page.keyboard.type('Bo line');
    await expect.poll(() => editorSurface(ana.page).innerText()).toContain('Bo line');
    await editorSurface(ana.page).click();
    await ana.page.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => editorSurface(ana.page).innerText()).not.toContain('Ana line');
    expect(await editorSurface(ana.page).innerText()).toContain('Bo line');
    await expect.poll(() => editorSurface(bo.page).innerText()).not.toContain('Ana line');
    expect(await editorSurface(bo.page).innerText()).toContain('Bo line');
  });
});
