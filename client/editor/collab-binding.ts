/**
 * Wires a vanilla Lexical editor to a Yjs document through @lexical/yjs, the
 * way its React CollaborationPlugin does, without React: Yjs → Lexical on
 * remote changes, Lexical → Yjs on local ones, remote cursors from awareness,
 * and undo / redo of one's own changes only (a Yjs UndoManager), which
 * include changes made for this person, such as a restore. While the
 * editor is read-only, nothing local reaches the Y.Doc (see lexical-to-yjs.ts),
 * Lexical stays in step with it (in-step.ts) and undo / redo do nothing.
 */
import {
  createBinding, createUndoManager, initLocalState, setLocalStateFocus, syncCursorPositions, syncYjsChangesToLexical,
  type Binding, type Provider, type UserState,
} from '@lexical/yjs';
import {
  BLUR_COMMAND, CAN_REDO_COMMAND, CAN_UNDO_COMMAND, COMMAND_PRIORITY_EDITOR, FOCUS_COMMAND, REDO_COMMAND,
  UNDO_COMMAND, type LexicalEditor,
} from 'lexical';
import * as Y from 'yjs';
import { DOC_ROOT } from '../../shared/editor/nodes.js';
import { keepInStep } from './in-step.js';
import { lexicalToYjs } from './lexical-to-yjs.js';

export interface CollabUser {
  readonly name: string;
  readonly color: string;
}

/** The label of another tab's cursor, from its awareness state (`name`, and `awarenessData.userId` once known). */
export type CursorName = (state: UserState) => string;

export interface CollabBinding {
  readonly binding: Binding;
  readonly undoManager: Y.UndoManager;
  /** Puts this user's id into this tab's awareness state, so that the other tabs can tell whose cursor it is. */
  identify(userId: string): void;
  /** Applies a change made for this person (a restore they asked for) as one step their Undo takes back; it is sent like any edit. */
  applyOwnChange(update: Uint8Array): void;
  /** Draws the cursors again (after what their labels depend on changed). */
  redrawCursors(): void;
  destroy(): void;
}

export function bindEditorToDoc(
  editor: LexicalEditor, provider: Provider, doc: Y.Doc, user: CollabUser, cursors: HTMLElement, cursorName?: CursorName,
): CollabBinding {
  const binding = createBinding(editor, provider, DOC_ROOT, doc, new Map([[DOC_ROOT, doc]]));
  binding.cursorsContainer = cursors;
  const root = binding.root.getSharedType();
  const undoManager = createUndoManager(binding, root);
  // Not the binding's own origin: Lexical learns of these changes from Yjs, as of a remote one.
  const ownChange = { ownChange: true };
  undoManager.addTrackedOrigin(ownChange);
  const inStep = keepInStep(editor);

  const onYjsChange = (events: Y.YEvent<Y.XmlText>[], transaction: Y.Transaction): void => {
    if (transaction.origin === binding) return;
    const fromUndo = transaction.origin instanceof Object && transaction.origin === undoManager;
    inStep.applyRemote(() => syncYjsChangesToLexical(binding, provider, events, fromUndo));
  };
  root.observeDeep(onYjsChange as never);

  const stops = [
    editor.registerUpdateListener(lexicalToYjs(binding, provider, inStep)),
    editor.registerCommand(UNDO_COMMAND, () => (editor.isEditable() && undoManager.undo(), true), COMMAND_PRIORITY_EDITOR),
    editor.registerCommand(REDO_COMMAND, () => (editor.isEditable() && undoManager.redo(), true), COMMAND_PRIORITY_EDITOR),
    editor.registerCommand(FOCUS_COMMAND, () => (setLocalStateFocus(provider, user.name, user.color, true, {}), false), COMMAND_PRIORITY_EDITOR),
    editor.registerCommand(BLUR_COMMAND, () => (setLocalStateFocus(provider, user.name, user.color, false, {}), false), COMMAND_PRIORITY_EDITOR),
  ];

  const updateUndoState = (): void => {
    editor.dispatchCommand(CAN_UNDO_COMMAND, undoManager.undoStack.length > 0);
    editor.dispatchCommand(CAN_REDO_COMMAND, undoManager.redoStack.length > 0);
  };
  undoManager.on('stack-item-added', updateUndoState);
  undoManager.on('stack-item-popped', updateUndoState);
  undoManager.on('stack-cleared', updateUndoState);

  const getAwarenessStates = (): Map<number, UserState> => relabel(provider.awareness.getStates(), cursorName);
  const onAwareness = (): void => syncCursorPositions(binding, provider, { getAwarenessStates });
  provider.awareness.on('update', onAwareness);
  initLocalState(provider, user.name, user.color, document.activeElement === editor.getRootElement(), {});

  return {
    binding,
    undoManager,
    identify: (userId) => {
      const state = provider.awareness.getLocalState();
      if (state && (state.awarenessData as { userId?: string } | undefined)?.userId !== userId) {
        provider.awareness.setLocalState({ ...state, awarenessData: { ...state.awarenessData, userId } });
      }
    },
    applyOwnChange: (update) => {
      undoManager.stopCapturing();
      Y.applyUpdate(doc, update, ownChange);
      undoManager.stopCapturing();
    },
    redrawCursors: onAwareness,
    destroy: () => {
      stops.forEach((stop) => stop());
      root.unobserveDeep(onYjsChange as never);
      provider.awareness.off('update', onAwareness);
      undoManager.destroy();
    },
  };
}

/** The awareness states with each cursor's name as `cursorName` labels it. */
function relabel(states: Map<number, UserState>, cursorName: CursorName | undefined): Map<number, UserState> {
  if (!cursorName) return states;
  return new Map([...states].map(([id, state]) => [id, { ...state, name: cursorName(state) }]));
}
