/**
 * Editing commands dispatched as a person's input dispatches them, each with
 * the payload its handlers expect: events carrying text to paste or drop,
 * keys, a text format, an element format, a link, a list to renumber. On a
 * selection of text in happy-dom, most of them change the document unless
 * refused; the others find nothing to act on there (drag start and over, a
 * drop with no caret position, undo and redo with no history, outdent,
 * removing a list) or have no handler in Chorus (clear editor, check lists).
 */
import { INSERT_CHECK_LIST_COMMAND, INSERT_ORDERED_LIST_COMMAND, INSERT_UNORDERED_LIST_COMMAND, REMOVE_LIST_COMMAND, UPDATE_LIST_START_COMMAND } from '@lexical/list';
import { TOGGLE_LINK_COMMAND } from '@lexical/link';
import {
  $createTextNode, $getRoot, $getSelection, CLEAR_EDITOR_COMMAND, CONTROLLED_TEXT_INSERTION_COMMAND, CUT_COMMAND, DELETE_CHARACTER_COMMAND,
  DELETE_LINE_COMMAND, DELETE_WORD_COMMAND, DRAGOVER_COMMAND, DRAGSTART_COMMAND, DROP_COMMAND, FORMAT_ELEMENT_COMMAND, FORMAT_TEXT_COMMAND,
  INDENT_CONTENT_COMMAND, INSERT_LINE_BREAK_COMMAND, INSERT_PARAGRAPH_COMMAND, INSERT_TAB_COMMAND, KEY_BACKSPACE_COMMAND, KEY_DELETE_COMMAND,
  KEY_ENTER_COMMAND, OUTDENT_CONTENT_COMMAND, PASTE_COMMAND, REDO_COMMAND, REMOVE_TEXT_COMMAND, SELECTION_INSERT_CLIPBOARD_NODES_COMMAND,
  SET_TEXT_FORMAT_COMMAND, UNDO_COMMAND, type AnyLexicalCommand, type LexicalEditor,
} from 'lexical';

export interface Attempt {
  readonly command: string;
  /** What dispatchCommand returned: true when a handler took the command. */
  readonly handled: boolean;
  /** The DOM event the command carried, if any. */
  readonly event?: Event;
}

function textTransfer(text: string): DataTransfer {
  const transfer = new DataTransfer();
  transfer.setData('text/plain', text);
  return transfer;
}

const clipboardEvent = (type: string): ClipboardEvent =>
  new ClipboardEvent(type, { clipboardData: textTransfer('pasted words'), bubbles: true, cancelable: true });

/** happy-dom's DragEvent is a plain Event: this one also carries what Lexical reads from a drag. */
function dragEvent(type: string): DragEvent {
  const event = new DragEvent(type, { bubbles: true, cancelable: true });
  return Object.defineProperties(event, { dataTransfer: { value: textTransfer('dropped words') }, clientX: { value: 1 }, clientY: { value: 1 } });
}

const keyEvent = (key: string): KeyboardEvent => new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true });

const firstListKey = (editor: LexicalEditor): string =>
  editor.getEditorState().read(() => $getRoot().getChildren().find((node) => node.getType() === 'list')?.getKey() ?? 'no list');

const PAYLOADS = new Map<AnyLexicalCommand, (editor: LexicalEditor) => unknown>([
  [CONTROLLED_TEXT_INSERTION_COMMAND, () => 'typed'],
  [INSERT_LINE_BREAK_COMMAND, () => false],
  [INSERT_PARAGRAPH_COMMAND, () => undefined],
  [INSERT_TAB_COMMAND, () => undefined],
  [DELETE_CHARACTER_COMMAND, () => true],
  [DELETE_WORD_COMMAND, () => true],
  [DELETE_LINE_COMMAND, () => true],
  [REMOVE_TEXT_COMMAND, () => new InputEvent('beforeinput', { inputType: 'deleteContentBackward', bubbles: true, cancelable: true })],
  [KEY_ENTER_COMMAND, () => keyEvent('Enter')],
  [KEY_BACKSPACE_COMMAND, () => keyEvent('Backspace')],
  [KEY_DELETE_COMMAND, () => keyEvent('Delete')],
  [FORMAT_TEXT_COMMAND, () => 'bold'],
  [SET_TEXT_FORMAT_COMMAND, () => ({ italic: true })],
  [FORMAT_ELEMENT_COMMAND, () => 'center'],
  [INDENT_CONTENT_COMMAND, () => undefined],
  [OUTDENT_CONTENT_COMMAND, () => undefined],
  [PASTE_COMMAND, () => clipboardEvent('paste')],
  [CUT_COMMAND, () => clipboardEvent('cut')],
  [DROP_COMMAND, () => dragEvent('drop')],
  [DRAGSTART_COMMAND, () => dragEvent('dragstart')],
  [DRAGOVER_COMMAND, () => dragEvent('dragover')],
  [UNDO_COMMAND, () => undefined],
  [REDO_COMMAND, () => undefined],
  [CLEAR_EDITOR_COMMAND, () => undefined],
  [INSERT_ORDERED_LIST_COMMAND, () => undefined],
  [INSERT_UNORDERED_LIST_COMMAND, () => undefined],
  [INSERT_CHECK_LIST_COMMAND, () => undefined],
  [REMOVE_LIST_COMMAND, () => undefined],
  [UPDATE_LIST_START_COMMAND, (editor) => ({ listNodeKey: firstListKey(editor), newStart: 7 })],
  [TOGGLE_LINK_COMMAND, () => 'https://example.com/'],
]);

/** Dispatches `command` as a person's input would; throws for a command this file has no payload for. */
export function dispatchAsInput(editor: LexicalEditor, command: AnyLexicalCommand): Attempt {
  if (command === SELECTION_INSERT_CLIPBOARD_NODES_COMMAND) return insertClipboardNodes(editor);
  const payload = PAYLOADS.get(command);
  if (!payload) throw new Error(`no realistic payload for ${String(command.type)}`);
  const value = payload(editor);
  const handled = editor.dispatchCommand(command, value as never);
  return { command: String(command.type), handled, ...(value instanceof Event ? { event: value } : {}) };
}

/** As @lexical/clipboard's $insertGeneratedNodes does for a paste: the nodes go in unless a handler takes the command. */
function insertClipboardNodes(editor: LexicalEditor): Attempt {
  let handled = false;
  editor.update(() => {
    const selection = $getSelection();
    if (!selection) return;
    const nodes = [$createTextNode('pasted node')];
    handled = editor.dispatchCommand(SELECTION_INSERT_CLIPBOARD_NODES_COMMAND, { nodes, selection });
    if (!handled) selection.insertNodes(nodes);
  }, { discrete: true });
  return { command: String(SELECTION_INSERT_CLIPBOARD_NODES_COMMAND.type), handled };
}
