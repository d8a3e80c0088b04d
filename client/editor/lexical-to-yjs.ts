/**
 * The Lexical → Yjs half of the collab binding, guarded by the editor's
 * editable flag. While the editor is read-only nothing local reaches the
 * Y.Doc, so it holds only what the server sent: the selection still goes to
 * awareness (others see where a viewer reads), and a local change that got
 * past the read-only editor (an `editor.update` from anywhere) is put back to
 * the last state that matched the Y.Doc (in-step.ts). Until then, nothing at
 * all is synced: the binding's map would not fit Lexical's nodes.
 */
import { syncLexicalUpdateToYjs, type Binding, type Provider } from '@lexical/yjs';
import { ensureWholeCharacterSplices } from '../../shared/editor/whole-characters.js';
import { COLLABORATION_TAG, HISTORIC_TAG, SKIP_COLLAB_TAG, type UpdateListener, type UpdateListenerPayload } from 'lexical';
import type { InStep } from './in-step.js';

export function lexicalToYjs(binding: Binding, provider: Provider, inStep: InStep): UpdateListener {
  const editor = binding.editor;
  const sync = (update: UpdateListenerPayload): void => {
    const { prevEditorState, editorState, dirtyElements, dirtyLeaves, normalizedNodes, tags } = update;
    ensureWholeCharacterSplices(binding);
    syncLexicalUpdateToYjs(binding, provider, prevEditorState, editorState, dirtyElements, dirtyLeaves, normalizedNodes, tags);
    inStep.matches(editorState);
  };
  return (update) => {
    const { tags, editorState } = update;
    if (inStep.isPutBack(update)) {
      inStep.matches(editorState);
    } else if (inStep.isDiverged()) {
      inStep.diverged(); // put back with it, even once editable: it was made on a state the Y.Doc never had
    } else if (editor.isEditable()) {
      if (!tags.has(SKIP_COLLAB_TAG)) sync(update);
    } else if (tags.has(COLLABORATION_TAG) || tags.has(HISTORIC_TAG)) {
      // Yjs → Lexical: already matches. Not synced back, so that not even a
      // normalisation merge is written into the Y.Doc.
      inStep.matches(editorState);
    } else if (update.dirtyElements.size > 0 || update.dirtyLeaves.size > 0) {
      inStep.diverged();
    } else {
      sync(update); // the selection only
    }
  };
}
