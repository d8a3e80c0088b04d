/**
 * A viewer's editor is read-only in every way: no toolbar is shown (and its
 * hidden buttons, pressed by a script, do nothing), shortcuts, typing,
 * paste and drop change nothing, not on their screen, not on the server, and
 * not later, when the same browser opens the document with an editor link.
 */
import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { blocksOf } from '../helpers/blocks.js';
import { CLIENT_DIR, createDocument, editorSurface, person, screenshot, shareLink } from '../helpers/browser.js';
import { useBrowser } from '../helpers/fixtures.js';
import { sdkFor } from '../helpers/rest.js';
import { startServer, type TestServer } from '../helpers/server.js';

let browser: Browser;
let server: TestServer;
useBrowser((b) => {
  browser = b;
});

/** The document as the server's Documents API renders it in Lexical JSON: text and block types. */
async function storedDocument(docId: string): Promise<unknown> {
  const response = await sdkFor(server).get({ path: `/documents/${docId}`, params: { format: 'json' } });
  expect(response.status).toBe(200);
  return ((await response.json()) as { content: unknown }).content;
}

const screenOf = (page: Page): Promise<string> => editorSurface(page).innerHTML();
const status = (page: Page): Promise<string> => page.locator('.chorus-status').innerText();

/** Records, from the first script on every page load, whether the toolbar was ever shown or any of its buttons enabled. */
const WATCH_TOOLBAR = `
  window.__toolbarEverShown = false;
  window.__toolbarEverEnabled = false;
  new MutationObserver(() => {
    if (document.querySelector('.chorus-toolbar:not([hidden])')) window.__toolbarEverShown = true;
    if (document.querySelector('.chorus-toolbar button:not([disabled])')) window.__toolbarEverEnabled = true;
  }).observe(document, { subtree: true, childList: true, attributes: true });
`;

/** Counts every later change to the editor's text or structure on this page. */
async function watchScreen(page: Page): Promise<() => Promise<number>> {
  await page.evaluate(() => {
    const w = window as unknown as { __screenChanges: number };
    w.__screenChanges = 0;
    new MutationObserver((records) => (w.__screenChanges += records.length))
      .observe(document.querySelector('.chorus-content')!, { subtree: true, childList: true, characterData: true });
  });
  return () => page.evaluate(() => (window as unknown as { __screenChanges: number }).__screenChanges);
}

interface ToolbarState { visible: boolean; buttons: number; enabled: number; everShown: boolean; everEnabled: boolean }

async function toolbarState(page: Page): Promise<ToolbarState> {
  const visible = await page.locator('.chorus-toolbar').isVisible();
  return { visible, ...await page.evaluate(() => {
    const w = window as unknown as { __toolbarEverShown: boolean; __toolbarEverEnabled: boolean };
    return {
      buttons: document.querySelectorAll('.chorus-toolbar button').length,
      enabled: document.querySelectorAll('.chorus-toolbar button:not([disabled])').length,
      everShown: w.__toolbarEverShown,
      everEnabled: w.__toolbarEverEnabled,
    };
  }) };
}

/** What a viewer's toolbar is: never shown, every (hidden) button disabled. */
const VIEWER_TOOLBAR: ToolbarState = { visible: false, buttons: 14, enabled: 0, everShown: false, everEnabled: false };

/** Names of this browser context's IndexedDB copies of Chorus documents. */
function offlineCopies(page: Page): Promise<string[]> {
  return page.evaluate(async () => (await indexedDB.databases()).map((db) => db.name ?? '').filter((name) => name.startsWith('chorus:')));
}

/** A person cannot see the toolbar button; a page script presses it anyway, disabled and then re-enabled. */
async function pressAnyway(page: Page, label: string): Promise<void> {
  const button = page.locator(`.chorus-toolbar button[aria-label="${label}"]`);
  expect(await button.isVisible()).toBe(false);
  expect(await button.isDisabled()).toBe(true);
  await button.evaluate((element: HTMLButtonElement) => {
    element.click();
    element.disabled = false;
    element.click();
    element.disabled = true;
  });
}

/** Fires a real paste and a real drop of text at the editor, as the browser does for Ctrl+V and drag and drop. */
async function pasteAndDrop(page: Page): Promise<void> {
  await page.evaluate(() => {
    const content = document.querySelector('.chorus-content')!;
    const data = (text: string) => {
      const transfer = new DataTransfer();
      transfer.setData('text/plain', text);
      return transfer;
    };
    content.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data('PASTED'), bubbles: true, cancelable: true }));
    content.dispatchEvent(new DragEvent('dragover', { dataTransfer: data('DROPPED'), bubbles: true, cancelable: true }));
    content.dispatchEvent(new DragEvent('drop', { dataTransfer: data('DROPPED'), bubbles: true, cancelable: true }));
  });
}

describe('a viewer', () => {
  it('changes nothing with the toolbar, shortcuts, typing, paste or drop, not even after a reload or with an editor link later', async () => {
    server = await startServer({}, {}, { clientDir: CLIENT_DIR });
    const url = `${server.httpUrl}/`;
    const ana = await person(browser, url, 'Ana', '#d64545');
    const docId = /#\/doc\/([A-Za-z0-9_-]+)/.exec(await createDocument(ana.page, 'Plans'))![1]!;
    await editorSurface(ana.page).click();
    await ana.page.keyboard.type('Summer trip');
    await ana.page.getByRole('button', { name: 'Heading 1' }).click();
    await ana.page.keyboard.press('End');
    await ana.page.keyboard.press('Enter');
    await ana.page.keyboard.type('Book the train before May.');
    await expect.poll(() => status(ana.page), { timeout: 10_000 }).toBe('Saved');
    const stored = await storedDocument(docId);
    expect(blocksOf(stored)).toEqual([
      { type: 'heading', tag: 'h1', text: 'Summer trip' },
      { type: 'paragraph', text: 'Book the train before May.' },
    ]);
    const anaScreen = await screenOf(ana.page);
    const viewerLink = await shareLink(ana.page, 'Viewer');
    const editorLink = await shareLink(ana.page, 'Editor');
    const unchanged = async (): Promise<void> => {
      expect(await storedDocument(docId)).toEqual(stored);
      expect(await screenOf(ana.page)).toBe(anaScreen);
    };

    // The viewer opens the document: read-only, and no toolbar shown at any moment.
    const cy = await person(browser, url, 'Cy', '#2e9e5b');
    await cy.context.addInitScript(WATCH_TOOLBAR);
    await cy.page.goto('about:blank');
    await cy.page.goto(viewerLink);
    await expect.poll(() => status(cy.page), { timeout: 10_000 }).toBe('Read-only');
    await expect.poll(() => screenOf(cy.page)).toBe(anaScreen);
    expect(await toolbarState(cy.page)).toEqual(VIEWER_TOOLBAR);
    const screenChanges = await watchScreen(cy.page);

    // Quote on the heading, Code block on the paragraph.
    await cy.page.locator('.chorus-content h1').click();
    await pressAnyway(cy.page, 'Quote');
    await cy.page.locator('.chorus-content p').click();
    await pressAnyway(cy.page, 'Code block');
    expect(await screenOf(cy.page)).toBe(anaScreen);
    await unchanged();

    // Shortcuts on a selected word, typing, paste and drop.
    await cy.page.locator('.chorus-content h1').dblclick();
    for (const key of ['Control+B', 'Control+I', 'Control+U', 'Control+Z', 'Control+Shift+Z', 'Control+Y', 'Backspace', 'Enter']) await cy.page.keyboard.press(key);
    await cy.page.keyboard.type('HACK');
    await pasteAndDrop(cy.page);
    expect(await screenOf(cy.page)).toBe(anaScreen);
    expect(await screenChanges()).toBe(0);
    expect(await toolbarState(cy.page)).toEqual(VIEWER_TOOLBAR);
    // Nothing of the viewer's is kept on this device to be sent later.
    expect(await offlineCopies(cy.page)).toEqual([]);
    await unchanged();
    await screenshot(cy.page, 'viewer-read-only');

    // After a reload: the same read-only view of the owner's document.
    await cy.page.reload();
    await expect.poll(() => status(cy.page), { timeout: 10_000 }).toBe('Read-only');
    await expect.poll(() => screenOf(cy.page)).toBe(anaScreen);
    expect(await toolbarState(cy.page)).toEqual(VIEWER_TOOLBAR);
    expect(await offlineCopies(cy.page)).toEqual([]);
    await unchanged();

    // The same browser opens the document with an editor link: it shows the owner's document, and sends nothing of the viewer's.
    await cy.page.goto(editorLink);
    await editorSurface(cy.page).and(cy.page.locator('[contenteditable="true"]')).waitFor();
    await expect.poll(() => status(cy.page), { timeout: 10_000 }).toBe('Saved');
    expect(await toolbarState(cy.page)).toMatchObject({ visible: true, buttons: 14, enabled: 12 }); // all but Undo and Redo
    expect(await screenOf(cy.page)).toBe(anaScreen);
    await unchanged();
    expect(await offlineCopies(cy.page)).toEqual([`chorus:${server.app.key}:${docId}`]);
  });
});
