/**
 * Keeps a read-only editor's Lexical state in step with its Y.Doc. The
 * binding reports every state known to match the Y.Doc, and every local
 * change the Y.Doc must not get (one that got past the read-only editor).
 * Such a change is put back to the last matching state, with its node keys,
 * which the binding's map from Lexical to Yjs relies on:
 *
 * - once the current burst of updates is over (a microtask), so that a whole
 *   burst is put back at once, and an update a listener queued behind the
 *   change (a Markdown shortcut) is committed first and put back with it,
 *   instead of being applied on top of the put-back;
 * - before any Yjs change reaches Lexical, so that it lands on the state it
 *   was made against.
 */
import { $getRoot, HISTORIC_TAG, type EditorState, type LexicalEditor, type UpdateListenerPayload } from 'lexical';

export interface InStep {
  /** Lexical matches the Y.Doc in this state. */
  matches(state: EditorState): void;
  /** Lexical has a local change the Y.Doc must not get: it will be put back. */
  diverged(): void;
  /** Whether a local change is waiting to be put back. */
  isDiverged(): boolean;
  /** Whether this commit is the put-back itself (it matches the Y.Doc, and is never synced to it). */
  isPutBack(update: UpdateListenerPayload): boolean;
  /** Applies Yjs changes to Lexical: while read-only, on the matching state, and committed at once so that no local update joins them. */
  applyRemote(apply: () => void): void;
}

export function keepInStep(editor: LexicalEditor): InStep {
  let matching = editor.getEditorState();
  let diverged = false;
  let scheduled = false;
  let puttingBack = false;

  const settle = (): void => {
    commitPending(editor); // a change still pending is put back with the others
    scheduled = false; // from here on, a new change (one queued behind the put-back) needs a put-back of its own
    if (!diverged) return;
    puttingBack = true;
    try {
      putBack(editor, matching);
      if (puttingBack) diverged = false; // nothing committed: nothing differed
    } finally {
      puttingBack = false;
    }
  };

  return {
    matches: (state) => void (matching = state),
    diverged: () => {
      diverged = true;
      if (!scheduled) queueMicrotask(settle);
      scheduled = true;
    },
    isDiverged: () => diverged,
    isPutBack: ({ tags }) => {
      if (!puttingBack || !tags.has(HISTORIC_TAG)) return false;
      puttingBack = false; // only the first commit: updates queued behind it commit after it
      diverged = false;
      return true;
    },
    applyRemote: (apply) => {
      const readOnly = !editor.isEditable();
      if (readOnly || diverged) settle();
      apply();
      if (readOnly) commitPending(editor);
    },
  };
}

/** Commits the editor's pending update, if any, now. */
function commitPending(editor: LexicalEditor): void {
  editor.update(() => undefined, { discrete: true });
}

function putBack(editor: LexicalEditor, state: EditorState): void {
  // setEditorState would add a paragraph to a state with no nodes at all (before the first sync).
  if (state.isEmpty()) editor.update(() => $getRoot().clear(), { tag: HISTORIC_TAG, discrete: true });
  else editor.setEditorState(state, { tag: HISTORIC_TAG }); // outside an update, it commits at once
}
