/** A large paste in the browser reaches the other person; closing a tab with unsaved edits asks first. */
import type { Browser } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { CLIENT_DIR, editorSurface, person, shareLink } from '../helpers/browser.js';
import { useBrowser } from '../helpers/fixtures.js';
import { startServer, type TestServer } from '../helpers/server.js';

let browser: Browser;
let server: TestServer;
useBrowser((b) => {
  browser = b;
});

describe('paste and leaving', () => {
  it('pastes a 2 MB text in one go and the other person gets all of it', async () => {
    server = await startServer({}, {}, { clientDir: CLIENT_DIR });
    const ana = await person(browser, `${server.httpUrl}/`, 'Ana', '#d64545');
    await ana.page.getByLabel('New document title').fill('Big');
    await ana.page.getByRole('button', { name: 'Create' }).click();
    await ana.page.locator('.chorus-content[contenteditable="true"]').waitFor();
    const bo = await person(browser, `${server.httpUrl}/`, 'Bo', '#2f7ed8');
    await bo.page.goto(await shareLink(ana.page, 'Editor'));
    await bo.page.locator('.chorus-content[contenteditable="true"]').waitFor();
    await editorSurface(ana.page).click();
    // A real paste event, as the browser fires it for Ctrl+V, with 2 MB of text on the clipboard.
    const pasted = await ana.page.evaluate(() => {
      const line = 'The quick brown fox jumps over the lazy dog. ';
      const text = line.repeat(Math.ceil((2 * 1024 * 1024) / line.length)) + 'THE END';
      const data = new DataTransfer();
      data.setData('text/plain', text);
      document.querySelector('.chorus-content')!.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
      return text.length;
    });
    const length = async (page: typeof ana.page) => page.evaluate(() => document.querySelector('.chorus-content')!.textContent!.length);
    await expect.poll(() => length(ana.page), { timeout: 30_000 }).toBeGreaterThanOrEqual(pasted);
    await expect.poll(() => length(bo.page), { timeout: 60_000 }).toBeGreaterThanOrEqual(pasted);
    expect(await bo.page.evaluate(() => document.querySelector('.chorus-content')!.textContent!.endsWith('THE END'))).toBe(true);
    await expect.poll(() => ana.page.locator('.chorus-status').innerText(), { timeout: 20_000 }).toBe('Saved');
  });

  it('warns before closing a tab whose edits are not stored yet', async () => {
    server = await startServer({}, {}, { clientDir: CLIENT_DIR });
    const ana = await person(browser, `${server.httpUrl}/`, 'Ana', '#d64545');
    await ana.page.getByLabel('New document title').fill('Unsaved');
    await ana.page.getByRole('button', { name: 'Create' }).click();
    await ana.page.locator('.chorus-content[contenteditable="true"]').waitFor();
    await ana.context.setOffline(true);
    await expect.poll(() => ana.page.locator('.chorus-status').innerText(), { timeout: 15_000 }).toContain('Offline');
    await editorSurface(ana.page).click();
    await ana.page.keyboard.type('not stored yet');
    const dialog = new Promise<string>((resolve) => ana.page.once('dialog', (d) => {
      resolve(d.type());
      void d.accept();
    }));
    await ana.page.close({ runBeforeUnload: true });
    expect(await dialog).toBe('beforeunload');
  });
});
