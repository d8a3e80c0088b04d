/**
 * Lexical on the server, without a browser: a headless editor bound to a
 * Y.Doc through @lexical/yjs, the same binding the browser editor uses.
 */
import { createHeadlessEditor } from '@lexical/headless';
import { createYjsBinding, syncLexicalUpdateToYjs, syncYjsChangesToLexical, type Binding, type Provider } from '@lexical/yjs';
import type { LexicalEditor } from 'lexical';
import * as Y from 'yjs';
import { DOC_ROOT, EDITOR_NODES } from '../../../shared/editor/nodes.js';
import { ensureWholeCharacterSplices } from '../../../shared/editor/whole-characters.js';

export interface BoundEditor {
  readonly editor: LexicalEditor;
  readonly doc: Y.Doc;
  readonly binding: Binding;
  dispose(): void;
}

/**
 * The binding functions want a provider for cursor syncing; the server has no
 * cursors, so this one has an empty awareness and does nothing.
 */
const NO_CURSORS: Provider = {
  awareness: {
    getLocalState: () => null,
    getStates: () => new Map(),
    on: () => undefined,
    off: () => undefined,
    setLocalState: () => undefined,
    setLocalStateField: () => undefined,
  },
  connect: () => undefined,
  disconnect: () => undefined,
  on: () => undefined,
  off: () => undefined,
};

/**
 * A headless editor that follows a Y.Doc both ways: a new one starting from
 * `state`, or `existing`, which must still be empty (content arriving later,
 * from a provider's sync, reaches the editor like any remote change).
 */
export function bindHeadless(state?: Uint8Array, existing?: Y.Doc): BoundEditor {
  const editor = createHeadlessEditor({
    namespace: 'chorus',
    nodes: [...EDITOR_NODES],
    onError: (error) => {
      throw error;
    },
  });
  const doc = existing ?? new Y.Doc();
  const binding = createYjsBinding({ editor, id: DOC_ROOT, doc, docMap: new Map([[DOC_ROOT, doc]]) });
  const sharedRoot = binding.root.getSharedType();
  const onYjs = (events: Y.YEvent<Y.XmlText>[], transaction: Y.Transaction): void => {
    if (transaction.origin !== binding) syncYjsChangesToLexical(binding, NO_CURSORS, events, false, () => undefined);
  };
  sharedRoot.observeDeep(onYjs as never);
  const stopLexical = editor.registerUpdateListener(({ prevEditorState, editorState, dirtyElements, dirtyLeaves, normalizedNodes, tags }) => {
    if (tags.has('collaboration')) return;
    ensureWholeCharacterSplices(binding);
    syncLexicalUpdateToYjs(binding, NO_CURSORS, prevEditorState, editorState, dirtyElements, dirtyLeaves, normalizedNodes, tags);
  });
  if (state) Y.applyUpdate(doc, state);
  settle(editor);
  return {
    editor, doc, binding,
    dispose: () => {
      stopLexical();
      sharedRoot.unobserveDeep(onYjs as never);
      doc.destroy();
    },
  };
}

/** Commits any pending editor update now (headless updates are otherwise committed in a microtask). */
export function settle(editor: LexicalEditor): void {
  editor.update(() => undefined, { discrete: true });
}
