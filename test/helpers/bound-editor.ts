/**
 * The browser editor (real Lexical, @lexical/yjs and Yjs, for a happy-dom
 * test) bound to a Y.Doc that receives a server's updates. No transport: the
 * server side is the headless editor the server itself uses, its updates
 * applied directly.
 */
import { $createQuoteNode } from '@lexical/rich-text';
import { $setBlocksType } from '@lexical/selection';
import { $getRoot, type LexicalEditor, type SerializedEditorState } from 'lexical';
import { afterEach } from 'vitest';
import { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { createDocEditor, type DocEditor } from '../../client/editor/editor.js';
import { seedDocument } from '../../server/collab/lexical/convert.js';
import { bindHeadless, type BoundEditor } from '../../server/collab/lexical/headless.js';
import { blocksOf, type Block } from './blocks.js';

export const SEED = '# Summer trip\n\nBook the train.';
export const SEEDED: Block[] = [{ type: 'heading', tag: 'h1', text: 'Summer trip' }, { type: 'paragraph', text: 'Book the train.' }];

const FROM_SERVER = Symbol('server');

export interface EditorFixture {
  readonly server: BoundEditor;
  readonly doc: Y.Doc;
  readonly docEditor: DocEditor;
  readonly editor: LexicalEditor;
  readonly surface: HTMLElement;
  /** Updates that reached the client's Y.Doc from anywhere but the server. */
  readonly localUpdates: Uint8Array[];
  /** Applies what the server's document has that the client's lacks, as the provider's sync does. */
  deliver(): void;
  /** Delivers, then waits for the editor to commit it. */
  sync(): Promise<void>;
}

/** Opens editors (on `markdown`, SEED unless given) for a test; each is closed after it. */
export function useBoundEditors(): (readOnly: boolean, markdown?: string) => EditorFixture {
  const open: EditorFixture[] = [];
  afterEach(() => {
    for (const fixture of open.splice(0)) {
      fixture.docEditor.destroy();
      fixture.server.dispose();
      fixture.doc.destroy();
    }
  });
  return (readOnly, markdown = SEED) => {
    const fixture = openEditor(readOnly, markdown);
    open.push(fixture);
    return fixture;
  };
}

function openEditor(readOnly: boolean, markdown: string): EditorFixture {
  const server = bindHeadless(seedDocument(markdown, 'markdown'));
  const doc = new Y.Doc();
  const surface = document.createElement('div');
  document.body.append(surface);
  const provider = { awareness: new Awareness(doc), connect: () => undefined, disconnect: () => undefined, on: () => undefined, off: () => undefined };
  const docEditor = createDocEditor({ contentEditable: surface, cursors: document.createElement('div'), provider: provider as never, doc, user: { name: 'Cy', color: '#2e9e5b' }, readOnly });
  const localUpdates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array, origin: unknown) => origin !== FROM_SERVER && localUpdates.push(update));
  const deliver = (): void => Y.applyUpdate(doc, Y.encodeStateAsUpdate(server.doc, Y.encodeStateVector(doc)), FROM_SERVER);
  const sync = async (): Promise<void> => {
    const updated = nextUpdate(docEditor.editor);
    deliver();
    await updated;
  };
  return { server, doc, docEditor, editor: docEditor.editor, surface, localUpdates, deliver, sync };
}

/** Resolves after the editor's next committed update. */
export function nextUpdate(editor: LexicalEditor): Promise<void> {
  return new Promise((resolve) => {
    const stop = editor.registerUpdateListener(() => (stop(), resolve()));
  });
}

/** Resolves once what is already queued (microtasks, and timers due now) has run. */
export const settled = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

export const editorJson = (editor: LexicalEditor): SerializedEditorState => editor.getEditorState().toJSON();
export const editorBlocks = (editor: LexicalEditor): Block[] => blocksOf(editorJson(editor));

/** What a Y.Doc holds, rendered by a fresh headless editor (as the Documents API does). */
export function docJson(doc: Y.Doc): SerializedEditorState {
  const bound = bindHeadless(Y.encodeStateAsUpdate(doc));
  try {
    return bound.editor.getEditorState().toJSON();
  } finally {
    bound.dispose();
  }
}

export const docBlocks = (doc: Y.Doc): Block[] => blocksOf(docJson(doc));

/** Turns the first block into a quote, the way the toolbar does, but bypassing every read-only check. */
export function quoteFirstBlock(editor: LexicalEditor): void {
  editor.update(() => {
    const selection = $getRoot().getFirstChildOrThrow().selectStart();
    $setBlocksType(selection, () => $createQuoteNode());
  }, { discrete: true });
}
