/**
 * The Lexical → Yjs half of the collab binding, guarded by the editor's
 * editable flag. While the editor is read-only nothing local reaches the
 * Y.Doc, so it holds only what the server sent: the selection still goes to
 * awareness (others see where a viewer reads), and a local change that got
 * past the read-only editor (an `editor.update` from anywhere) is put back to
 * the last state that matched the Y.Doc, before anything else can run.
 */
import { syncLexicalUpdateToYjs, type Binding, type Provider } from '@lexical/yjs';
import { ensureWholeCharacterSplices } from '../../shared/editor/whole-characters.js';
import { $getRoot, COLLABORATION_TAG, HISTORIC_TAG, SKIP_COLLAB_TAG, type EditorState, type UpdateListener, type UpdateListenerPayload } from 'lexical';

export function lexicalToYjs(binding: Binding, provider: Provider): UpdateListener {
  const editor = binding.editor;
  let matchesYjs = editor.getEditorState();
  const sync = (update: UpdateListenerPayload): void => {
    const { prevEditorState, editorState, dirtyElements, dirtyLeaves, normalizedNodes, tags } = update;
    ensureWholeCharacterSplices(binding);
    syncLexicalUpdateToYjs(binding, provider, prevEditorState, editorState, dirtyElements, dirtyLeaves, normalizedNodes, tags);
    matchesYjs = editorState;
  };
  return (update) => {
    const { tags, editorState } = update;
    if (editor.isEditable()) {
      if (!tags.has(SKIP_COLLAB_TAG)) sync(update);
    } else if (tags.has(COLLABORATION_TAG) || tags.has(HISTORIC_TAG)) {
      // Yjs → Lexical (or a revert): already matches. Not synced back, so that
      // not even a normalisation merge is written into the Y.Doc.
      matchesYjs = editorState;
    } else if (update.dirtyElements.size > 0 || update.dirtyLeaves.size > 0) {
      revert(matchesYjs);
    } else {
      sync(update); // the selection only
    }
  };

  function revert(state: EditorState): void {
    // setEditorState would add a paragraph to a state with no nodes at all (before the first sync).
    if (state.isEmpty()) {
      editor.update(() => $getRoot().clear(), { tag: HISTORIC_TAG, discrete: true });
    } else {
      // Inside an update listener setEditorState only stages the state; the queued discrete update commits it.
      editor.setEditorState(state, { tag: HISTORIC_TAG });
      editor.update(() => undefined, { tag: HISTORIC_TAG, discrete: true });
    }
  }
}
