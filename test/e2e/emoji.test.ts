/**
 * Emoji next to emoji, typed, replaced and deleted by two people in two
 * browsers: the typist, the other person, a reload and a fresh browser all
 * read the same text, and the store holds it too.
 */
import type { Browser, Page } from 'playwright-core';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { CLIENT_DIR, editorSurface, person, shareLink } from '../helpers/browser.js';
import { useBrowser } from '../helpers/fixtures.js';
import { exportDocument } from '../../server/collab/lexical/convert.js';
import { startServer, type TestServer } from '../helpers/server.js';

let browser: Browser;
let server: TestServer;
useBrowser((b) => {
  browser = b;
});

const text = async (page: Page): Promise<string> => (await editorSurface(page).innerText()).trim();
const editable = (page: Page) => editorSurface(page).and(page.locator('[contenteditable="true"]'));

/** As an emoji picker or a paste inserts it: the whole sequence at once. */
async function insert(page: Page, emoji: string): Promise<void> {
  await page.keyboard.insertText(emoji);
}

/**
 * Resolves once the editor has taken in the browser's selection: the browser
 * tells of a moved caret with a later selectionchange event, and a key
 * pressed before Lexical has read it would act at the old place.
 */
async function selectionTaken(page: Page): Promise<void> {
  await expect.poll(() => page.evaluate(() => {
    const root = document.querySelector('.chorus-content') as (HTMLElement & { __lexicalEditor?: { getEditorState(): { _selection: unknown }; getElementByKey(key: string): HTMLElement | null } }) | null;
    const editor = root?.__lexicalEditor;
    const selection = editor?.getEditorState()._selection as { anchor: Point; focus: Point } | null | undefined;
    const dom = document.getSelection();
    if (!editor || !selection || !dom?.anchorNode || !dom.focusNode) return false;
    type Point = { key: string; offset: number; type: string };
    const same = (point: Point, node: Node, offset: number): boolean => {
      const element = editor.getElementByKey(point.key);
      return point.type === 'text' && !!element && element.contains(node) && point.offset === offset;
    };
    return same(selection.anchor, dom.anchorNode, dom.anchorOffset) && same(selection.focus, dom.focusNode, dom.focusOffset);
  })).toBe(true);
}

/** Moves the caret to the end of the text, then `left` characters (grapheme clusters) back. */
async function caretFromEnd(page: Page, left: number): Promise<void> {
  await page.keyboard.press('Control+End');
  for (let i = 0; i < left; i += 1) await page.keyboard.press('ArrowLeft');
  await selectionTaken(page);
}

async function selectBack(page: Page, clusters: number): Promise<void> {
  for (let i = 0; i < clusters; i += 1) await page.keyboard.press('Shift+ArrowLeft');
  await selectionTaken(page);
}

describe('emoji between two people', () => {
  it('everybody reads the same text after emoji are typed, replaced and deleted next to each other', async () => {
    server = await startServer({}, {}, { clientDir: CLIENT_DIR });
    const url = `${server.httpUrl}/`;
    const ana = await person(browser, url, 'Ana', '#d64545');
    await ana.page.getByLabel('New document title').fill('Emoji');
    await ana.page.getByRole('button', { name: 'Create' }).click();
    await editable(ana.page).waitFor();
    const docUrl = ana.page.url();
    // Ana owns the document; Bo writes through her editor link.
    const bo = await person(browser, url, 'Bo', '#2f7ed8');
    await bo.page.goto(await shareLink(ana.page, 'Editor'));
    await editable(bo.page).waitFor();

    const expectEverybody = async (expected: string): Promise<void> => {
      for (const page of [ana.page, bo.page]) await expect.poll(() => text(page), { timeout: 10_000 }).toBe(expected);
    };

    await editorSurface(ana.page).click();
    await ana.page.keyboard.type('x');
    await insert(ana.page, '🐈');
    await ana.page.keyboard.type('y');
    await expectEverybody('x🐈y');

    // Plain emoji sharing their first UTF-16 unit: typed before, then replacing.
    await caretFromEnd(ana.page, 2);
    await insert(ana.page, '😎');
    await expectEverybody('x😎🐈y');
    await caretFromEnd(ana.page, 1);
    await selectBack(ana.page, 1);
    await insert(ana.page, '🐕');
    await expectEverybody('x😎🐕y');

    // Bo adds a ZWJ family, a flag and a skin tone next to them, then replaces and deletes.
    await editorSurface(bo.page).click();
    await caretFromEnd(bo.page, 1);
    await insert(bo.page, '👩‍👩‍👧');
    await insert(bo.page, '🇫🇷');
    await insert(bo.page, '👍🏽');
    await expectEverybody('x😎🐕👩‍👩‍👧🇫🇷👍🏽y');
    await caretFromEnd(bo.page, 3);
    await selectBack(bo.page, 1);
    await insert(bo.page, '👩‍👩‍👦');
    await expectEverybody('x😎🐕👩‍👩‍👦🇫🇷👍🏽y');
    await caretFromEnd(bo.page, 1);
    await selectBack(bo.page, 1);
    await insert(bo.page, '👍🏿');
    await expectEverybody('x😎🐕👩‍👩‍👦🇫🇷👍🏿y');
    await caretFromEnd(bo.page, 2);
    await bo.page.keyboard.press('Backspace');
    await expectEverybody('x😎🐕👩‍👩‍👦👍🏿y');

    // Ana deletes the emoji next to Bo's, and types one more between them.
    await editorSurface(ana.page).click();
    await caretFromEnd(ana.page, 3);
    await ana.page.keyboard.press('Backspace');
    await insert(ana.page, '🇩🇪');
    const final = 'x😎🇩🇪👩‍👩‍👦👍🏿y';
    await expectEverybody(final);
    for (const page of [ana.page, bo.page]) {
      await expect.poll(() => page.locator('.chorus-status').innerText(), { timeout: 10_000 }).toBe('Saved');
    }

    // A reload, a fresh browser and the store all read it too.
    await bo.page.reload();
    await expect.poll(() => text(bo.page), { timeout: 10_000 }).toBe(final);
    const cy = await person(browser, url, 'Cy', '#2e9e5b');
    await cy.page.goto(docUrl);
    await expect.poll(() => text(cy.page), { timeout: 10_000 }).toBe(final);
    const docId = decodeURIComponent(new URL(docUrl).hash.split('/').pop()!.split('?')[0]!);
    const stored = (await server.node.store.load({ appId: server.app.id, docId })) ?? [];
    expect(exportDocument(Y.mergeUpdates(stored), 'text')).toBe(final);
    expect(final).not.toContain('\ufffd');
  });
});
