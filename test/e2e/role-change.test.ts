/**
 * The app changes a user's role while the document is open: the next
 * subscription is signed with the new role, and the editor is rebuilt from
 * the server's state, plus only what was written while an editor. The
 * formatting toolbar goes with the right to edit, and comes back with it.
 */
import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { ChorusHandle } from '../../client/embed/mount.js';
import { CLIENT_DIR, indexedDbSettled } from '../helpers/browser.js';
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

/** A host page that mounts the editor and keeps its handle on `window.chorus`. */
function hostPage(docId: string): string {
  return `<!doctype html><html><body><div id="slot"></div><script type="module">
    import { mount } from '${server.httpUrl}/embed/chorus-editor.js';
    window.chorus = mount(document.querySelector('#slot'), { docId: '${docId}', server: '${server.httpUrl}', appKey: '${TEST_APP.key}', authEndpoint: '/broadcasting/auth', user: { name: 'Ana', color: '#d64545' } });
  </script></body></html>`;
}

/** Drops the connection (or, with `reconnect`, drops it and connects again: every subscription is signed anew). */
function dropConnection(page: Page, reconnect: boolean): Promise<void> {
  return page.evaluate((again) => {
    const { pusher } = (window as unknown as { chorus: ChorusHandle }).chorus.session;
    pusher.disconnect();
    if (again) (pusher as unknown as { connect(): void }).connect();
  }, reconnect);
}

async function storedText(docId: string): Promise<string> {
  const response = await sdkFor(server).get({ path: `/documents/${docId}` });
  return ((await response.json()) as { content: string }).content;
}

describe('a role change while the document is open', () => {
  it('shows a demoted editor the server\'s document, read-only, and sends their offline edit only once they are an editor again', async () => {
    server = await startServer({}, {}, { clientDir: CLIENT_DIR });
    const user = { id: 'ana', name: 'Ana', role: 'editor' };
    const host = await startHostApp({ '/notes.html': hostPage('roles') }, user);
    const page = await (await browser.newContext()).newPage();
    page.on('pageerror', (error) => process.stderr.write(`page error: ${error.message}\n`));
    await page.goto(`${host.url}/notes.html`);
    const surface = page.locator('.chorus-content');
    const status = () => page.locator('.chorus-status').innerText();
    const toolbar = page.locator('.chorus-toolbar');
    const avatars = page.locator('.chorus-people .avatar');
    await page.locator('.chorus[data-role="editor"] .chorus-content[contenteditable="true"]').waitFor();
    expect(await toolbar.isVisible()).toBe(true);
    await surface.click();
    await page.keyboard.type('Shared line.');
    await expect.poll(status, { timeout: 10_000 }).toBe('Saved');

    // Offline, the editor writes on; the edit is kept on this device.
    await dropConnection(page, false);
    await page.keyboard.type(' Kept offline.');
    await expect.poll(status).toBe('Offline: changes kept on this device');
    await indexedDbSettled(page);

    // The app takes the right to edit away; the reconnect is signed for a viewer.
    user.role = 'viewer';
    await dropConnection(page, true);
    await page.locator('.chorus[data-role="viewer"]').waitFor();
    await expect.poll(status, { timeout: 10_000 }).toBe('Read-only');
    expect((await surface.innerText()).trim()).toBe('Shared line.');
    expect(await surface.getAttribute('contenteditable')).toBe('false');
    expect(await page.locator('.chorus-toolbar button:not([disabled])').count()).toBe(0);
    expect(await toolbar.isVisible()).toBe(false);
    await avatars.first().waitFor(); // presence stays
    expect(await storedText('roles')).toBe('Shared line.');

    // Edit rights back: the rebuilt editor loads the copy kept while an editor, and sends it.
    user.role = 'editor';
    await dropConnection(page, true);
    await page.locator('.chorus[data-role="editor"] .chorus-content[contenteditable="true"]').waitFor();
    await expect.poll(status, { timeout: 10_000 }).toBe('Saved');
    expect(await toolbar.isVisible()).toBe(true);
    expect((await surface.innerText()).trim()).toBe('Shared line. Kept offline.');
    expect(await storedText('roles')).toBe('Shared line. Kept offline.');
  });
});
