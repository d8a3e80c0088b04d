/**
 * Commands that change the document are refused while the editor is
 * read-only, whoever dispatches them: a toolbar button, a keyboard shortcut,
 * paste or drop, or a script. Lexical already ignores most DOM events of a
 * read-only editor; this also covers commands dispatched directly. Reading
 * commands (selection, arrows, copy, focus) still run.
 */
import { INSERT_CHECK_LIST_COMMAND, INSERT_ORDERED_LIST_COMMAND, INSERT_UNORDERED_LIST_COMMAND, REMOVE_LIST_COMMAND, UPDATE_LIST_START_COMMAND } from '@lexical/list';
import { TOGGLE_LINK_COMMAND } from '@lexical/link';
import { mergeRegister } from '@lexical/utils';
import {
  CLEAR_EDITOR_COMMAND, COMMAND_PRIORITY_CRITICAL, CONTROLLED_TEXT_INSERTION_COMMAND, CUT_COMMAND, DELETE_CHARACTER_COMMAND,
  DELETE_LINE_COMMAND, DELETE_WORD_COMMAND, DRAGOVER_COMMAND, DRAGSTART_COMMAND, DROP_COMMAND, FORMAT_ELEMENT_COMMAND,
  FORMAT_TEXT_COMMAND, INDENT_CONTENT_COMMAND, INSERT_LINE_BREAK_COMMAND, INSERT_PARAGRAPH_COMMAND, INSERT_TAB_COMMAND,
  KEY_BACKSPACE_COMMAND, KEY_DELETE_COMMAND, KEY_ENTER_COMMAND, OUTDENT_CONTENT_COMMAND,
  PASTE_COMMAND, REDO_COMMAND, REMOVE_TEXT_COMMAND, SELECTION_INSERT_CLIPBOARD_NODES_COMMAND, SET_TEXT_FORMAT_COMMAND,
  UNDO_COMMAND, type AnyLexicalCommand, type LexicalEditor,
} from 'lexical';

export const EDITING_COMMANDS: readonly AnyLexicalCommand[] = [
  CONTROLLED_TEXT_INSERTION_COMMAND, INSERT_LINE_BREAK_COMMAND, INSERT_PARAGRAPH_COMMAND, INSERT_TAB_COMMAND,
  DELETE_CHARACTER_COMMAND, DELETE_WORD_COMMAND, DELETE_LINE_COMMAND, REMOVE_TEXT_COMMAND,
  KEY_ENTER_COMMAND, KEY_BACKSPACE_COMMAND, KEY_DELETE_COMMAND,
  FORMAT_TEXT_COMMAND, SET_TEXT_FORMAT_COMMAND, FORMAT_ELEMENT_COMMAND, INDENT_CONTENT_COMMAND, OUTDENT_CONTENT_COMMAND,
  PASTE_COMMAND, CUT_COMMAND, DROP_COMMAND, DRAGSTART_COMMAND, DRAGOVER_COMMAND, SELECTION_INSERT_CLIPBOARD_NODES_COMMAND,
  UNDO_COMMAND, REDO_COMMAND, CLEAR_EDITOR_COMMAND,
  INSERT_ORDERED_LIST_COMMAND, INSERT_UNORDERED_LIST_COMMAND, INSERT_CHECK_LIST_COMMAND, REMOVE_LIST_COMMAND,
  UPDATE_LIST_START_COMMAND, TOGGLE_LINK_COMMAND,
];

/** Registers the refusal; returns a function that removes it. */
export function refuseEditingWhileReadOnly(editor: LexicalEditor): () => void {
  const refuse = (payload: unknown): boolean => {
    if (editor.isEditable()) return false;
    if (payload instanceof Event && payload.cancelable) payload.preventDefault(); // no native paste or drop either
    return true;
  };
  return mergeRegister(...EDITING_COMMANDS.map((command) => editor.registerCommand(command, refuse, COMMAND_PRIORITY_CRITICAL)));
}
