/** The embed example from docs/embedding.md, served by a host app, edited in Chromium; and mount/destroy leaves nothing behind. */
import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import * as Y from 'yjs';
import { exportDocument } from '../../server/collab/lexical/convert.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT_DIR, launchChromium, screenshot } from '../helpers/browser.js';
import { TEST_APP } from '../helpers/config.js';
import { startHostApp, type HostApp } from '../helpers/host-app.js';
import { closeAllServers, startServer, type TestServer } from '../helpers/server.js';
import { waitFor } from '../helpers/wait.js';

let browser: Browser;
let server: TestServer;
let host: HostApp | undefined;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser.close();
});
afterEach(async () => {
  for (const context of browser.contexts()) await context.close();
  await host?.close();
  host = undefined;
  await closeAllServers();
});

/** The `embed-example` block of docs/embedding.md, pointed at the test node: only the address and key change. */
function docsExample(nodeUrl: string): string {
  const markdown = readFileSync(new URL('../../docs/embedding.md', import.meta.url), 'utf8');
  const block = /```html embed-example\n([\s\S]*?)```/.exec(markdown)?.[1];
  if (!block) throw new Error('docs/embedding.md has no embed-example block');
  return block.replaceAll('http://127.0.0.1:8080', nodeUrl).replaceAll('"chorus-key"', `"${TEST_APP.key}"`);
}

describe('embedding', () => {
  it('serves the example from docs/embedding.md and edits through it', async () => {
    server = await startServer({}, {}, { clientDir: CLIENT_DIR });
    host = await startHostApp({ '/notes.html': docsExample(server.httpUrl) });
    const page = await (await browser.newContext()).newPage();
    page.on('pageerror', (error) => process.stderr.write(`page error: ${error.message}\n`));
    await page.goto(`${host.url}/notes.html`);
    const surface = page.locator('chorus-editor .chorus-content[contenteditable="true"]');
    await surface.waitFor();
    await surface.click();
    await page.keyboard.type('Typed into the embedded editor.');
    await expect.poll(() => page.locator('chorus-editor .chorus-status').innerText(), { timeout: 10_000 }).toBe('Saved');
    const room = server.node.docs.find({ appId: server.app.id, docId: 'team-notes' });
    expect(exportDocument(Y.encodeStateAsUpdate(room!.doc), 'text')).toContain('Typed into the embedded editor.');
    await screenshot(page, 'embedded');
  });

  it('mounts and destroys 100 times without leaving a subscription, socket or element behind', async () => {
    server = await startServer({}, {}, { clientDir: CLIENT_DIR });
    const page = `<!doctype html><html><body><div id="slot"></div><script type="module">
      import { mount } from '${server.httpUrl}/embed/chorus-editor.js';
      window.cycle = async (times) => {
        for (let i = 0; i < times; i += 1) {
          const handle = mount(document.querySelector('#slot'), { docId: 'cycled', server: '${server.httpUrl}', appKey: '${TEST_APP.key}', authEndpoint: '/broadcasting/auth', user: { name: 'Cy', color: '#2e9e5b' }, offline: false });
          await new Promise((resolve) => handle.session.provider.on('sync', (synced) => synced && resolve()));
          handle.destroy();
        }
        return document.querySelectorAll('.chorus').length;
      };
      window.ready = true;
    </script></body></html>`;
    host = await startHostApp({ '/cycle.html': page });
    const tab = await (await browser.newContext()).newPage();
    await tab.goto(`${host.url}/cycle.html`);
    await tab.waitForFunction(() => (window as unknown as { ready?: boolean }).ready === true);
    const left = await tab.evaluate(() => (window as unknown as { cycle(n: number): Promise<number> }).cycle(100));
    expect(left).toBe(0);
    await waitFor(() => server.node.sessions.countFor(server.app.id) === 0, { what: 'every socket to close', timeout: 10_000 });
    expect(server.node.channels.for(server.app.id).find('presence-doc.cycled')).toBeUndefined();
    await waitFor(() => server.node.docs.openCount === 0, { what: 'the document to unload' });
  });
});
