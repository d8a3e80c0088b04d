/**
 * Wires a vanilla Lexical editor to a Yjs document through @lexical/yjs, the
 * way its React CollaborationPlugin does, without React: Yjs → Lexical on
 * remote changes, Lexical → Yjs on local ones, remote cursors from awareness,
 * and undo / redo of one's own changes only (a Yjs UndoManager). While the
 * editor is read-only, nothing local reaches the Y.Doc (see lexical-to-yjs.ts),
 * Lexical stays in step with it (in-step.ts) and undo / redo do nothing.
 */
import {
  createBinding, createUndoManager, initLocalState, setLocalStateFocus, syncCursorPositions, syncYjsChangesToLexical,
  type Binding, type Provider,
} from '@lexical/yjs';
import {
  BLUR_COMMAND, CAN_REDO_COMMAND, CAN_UNDO_COMMAND, COMMAND_PRIORITY_EDITOR, FOCUS_COMMAND, REDO_COMMAND,
  UNDO_COMMAND, type LexicalEditor,
} from 'lexical';
import type * as Y from 'yjs';
import { DOC_ROOT } from '../../shared/editor/nodes.js';
import { keepInStep } from './in-step.js';
import { lexicalToYjs } from './lexical-to-yjs.js';

export interface CollabUser {
  readonly name: string;
  readonly color: string;
}

export interface CollabBinding {
  readonly binding: Binding;
  readonly undoManager: Y.UndoManager;
  destroy(): void;
}

export function bindEditorToDoc(editor: LexicalEditor, provider: Provider, doc: Y.Doc, user: CollabUser, cursors: HTMLElement): CollabBinding {
  const binding = createBinding(editor, provider, DOC_ROOT, doc, new Map([[DOC_ROOT, doc]]));
  binding.cursorsContainer = cursors;
  const root = binding.root.getSharedType();
  const undoManager = createUndoManager(binding, root);
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

  const onAwareness = (): void => syncCursorPositions(binding, provider);
  provider.awareness.on('update', onAwareness);
  initLocalState(provider, user.name, user.color, document.activeElement === editor.getRootElement(), {});

  return {
    binding,
    undoManager,
    destroy: () => {
      stops.forEach((stop) => stop());
      root.unobserveDeep(onYjsChange as never);
      provider.awareness.off('update', onAwareness);
      undoManager.destroy();
    },
  };
}
