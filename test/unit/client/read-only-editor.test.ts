// @vitest-environment happy-dom
/**
 * The browser editor (real Lexical, @lexical/yjs and Yjs, in happy-dom) bound
 * to a Y.Doc that receives a server's updates. No transport: the server side
 * is the headless editor the server itself uses, its updates applied directly.
 */
import { $createQuoteNode } from '@lexical/rich-text';
import { $setBlocksType } from '@lexical/selection';
import { $getRoot, UNDO_COMMAND, type ElementNode, type LexicalEditor } from 'lexical';
import { afterEach, describe, expect, it } from 'vitest';
import { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { createDocEditor, type DocEditor } from '../../../client/editor/editor.js';
import { EDITING_COMMANDS } from '../../../client/editor/read-only.js';
import { seedDocument } from '../../../server/collab/lexical/convert.js';
import { bindHeadless, type BoundEditor } from '../../../server/collab/lexical/headless.js';
import { blocksOf } from '../../helpers/blocks.js';

const FROM_SERVER = Symbol('server');
const SEEDED = [{ type: 'heading', tag: 'h1', text: 'Summer trip' }, { type: 'paragraph', text: 'Book the train.' }];

interface Fixture {
  readonly server: BoundEditor;
  readonly doc: Y.Doc;
  readonly docEditor: DocEditor;
  readonly editor: LexicalEditor;
  readonly surface: HTMLElement;
  /** Updates that reached the client's Y.Doc from anywhere but the server. */
  readonly localUpdates: Uint8Array[];
  /** Sends what the server's document has that the client's lacks, as the provider's sync does. */
  sync(): Promise<void>;
}

const open: Fixture[] = [];
afterEach(() => {
  for (const fixture of open.splice(0)) {
    fixture.docEditor.destroy();
    fixture.server.dispose();
    fixture.doc.destroy();
  }
});

/** Resolves after the editor's next committed update. */
function nextUpdate(editor: LexicalEditor): Promise<void> {
  return new Promise((resolve) => {
    const stop = editor.registerUpdateListener(() => (stop(), resolve()));
  });
}

function openEditor(readOnly: boolean): Fixture {
  const server = bindHeadless(seedDocument('# Summer trip\n\nBook the train.', 'markdown'));
  const doc = new Y.Doc();
  const surface = document.createElement('div');
  document.body.append(surface);
  const provider = { awareness: new Awareness(doc), connect: () => undefined, disconnect: () => undefined, on: () => undefined, off: () => undefined };
  const docEditor = createDocEditor({ contentEditable: surface, cursors: document.createElement('div'), provider: provider as never, doc, user: { name: 'Cy', color: '#2e9e5b' }, readOnly });
  const localUpdates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array, origin: unknown) => origin !== FROM_SERVER && localUpdates.push(update));
  const sync = async (): Promise<void> => {
    const updated = nextUpdate(docEditor.editor);
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(server.doc, Y.encodeStateVector(doc)), FROM_SERVER);
    await updated;
  };
  const fixture = { server, doc, docEditor, editor: docEditor.editor, surface, localUpdates, sync };
  open.push(fixture);
  return fixture;
}

const blocks = (editor: LexicalEditor) => blocksOf(editor.getEditorState().toJSON());
const docBlocks = (doc: Y.Doc) => blocksOf(bindHeadlessJson(doc));

/** What a Y.Doc holds, rendered by a fresh headless editor (as the Documents API does). */
function bindHeadlessJson(doc: Y.Doc): unknown {
  const bound = bindHeadless(Y.encodeStateAsUpdate(doc));
  try {
    return bound.editor.getEditorState().toJSON();
  } finally {
    bound.dispose();
  }
}

/** Turns the first block into a quote, the way the toolbar does, but bypassing every read-only check. */
function quoteFirstBlock(editor: LexicalEditor): void {
  editor.update(() => {
    const selection = $getRoot().getFirstChildOrThrow().selectStart();
    $setBlocksType(selection, () => $createQuoteNode());
  }, { discrete: true });
}

describe('a read-only editor bound to a Y.Doc', () => {
  it('shows the server\'s document and puts back a local change that got past the read-only flag, writing nothing to the Y.Doc', async () => {
    const client = openEditor(true);
    await client.sync();
    expect(blocks(client.editor)).toEqual(SEEDED);
    const screen = client.surface.innerHTML;
    expect(screen).toContain('<h1');

    quoteFirstBlock(client.editor);
    expect(blocks(client.editor)).toEqual(SEEDED);
    expect(client.surface.innerHTML).toBe(screen);
    expect(client.localUpdates).toEqual([]);
    expect(docBlocks(client.doc)).toEqual(SEEDED);

    // The binding still follows the server afterwards.
    client.server.editor.update(() => $getRoot().getFirstChildOrThrow().selectEnd().insertText(' 2026'), { discrete: true });
    await client.sync();
    expect(blocks(client.editor)).toEqual([{ type: 'heading', tag: 'h1', text: 'Summer trip 2026' }, SEEDED[1]]);
    expect(client.surface.querySelector('h1')?.textContent).toBe('Summer trip 2026');
    expect(client.localUpdates).toEqual([]);
  });

  it('puts back a change made before the first sync, then shows the server\'s document', async () => {
    const client = openEditor(true);
    client.editor.update(() => $getRoot().clear().selectEnd().insertText('typed too early'), { discrete: true });
    expect(blocks(client.editor)).toEqual([]);
    await client.sync();
    expect(blocks(client.editor)).toEqual(SEEDED);
    expect(client.localUpdates).toEqual([]);
  });

  it('refuses every editing command, undo and redo included', async () => {
    const client = openEditor(true);
    await client.sync();
    client.editor.update(() => $getRoot().getFirstChildOrThrow<ElementNode>().select(0, 1), { discrete: true });
    for (const command of EDITING_COMMANDS) {
      expect(client.editor.dispatchCommand(command, undefined as never), String(command.type)).toBe(true);
    }
    expect(blocks(client.editor)).toEqual(SEEDED);
    expect(JSON.stringify(client.editor.getEditorState().toJSON())).not.toMatch(/"format":[1-9]/);
    expect(client.localUpdates).toEqual([]);
  });
});

describe('an editable editor bound to a Y.Doc', () => {
  it('writes local changes into the Y.Doc and undoes its own', async () => {
    const client = openEditor(false);
    await client.sync();
    quoteFirstBlock(client.editor);
    expect(blocks(client.editor)[0]).toEqual({ type: 'quote', text: 'Summer trip' });
    expect(docBlocks(client.doc)[0]).toEqual({ type: 'quote', text: 'Summer trip' });
    expect(client.localUpdates.length).toBeGreaterThan(0);
    const undone = nextUpdate(client.editor);
    expect(client.editor.dispatchCommand(UNDO_COMMAND, undefined)).toBe(true);
    await undone;
    expect(blocks(client.editor)).toEqual(SEEDED);
    expect(docBlocks(client.doc)).toEqual(SEEDED);
  });
});
