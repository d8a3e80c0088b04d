/**
 * The toolbar's buttons, in groups: what each is called, its icon, the
 * shortcut that does the same (a key chord, or a Markdown shortcut typed at
 * the start of a line), when it shows as pressed, and what it does. A block
 * button pressed again turns the block back into a paragraph.
 */
import { $createCodeNode } from '@lexical/code';
import { TOGGLE_LINK_COMMAND } from '@lexical/link';
import { INSERT_ORDERED_LIST_COMMAND, INSERT_UNORDERED_LIST_COMMAND, REMOVE_LIST_COMMAND } from '@lexical/list';
import { $createHeadingNode, $createQuoteNode } from '@lexical/rich-text';
import { $setBlocksType } from '@lexical/selection';
import {
  $createParagraphNode, $getSelection, $isRangeSelection, FORMAT_TEXT_COMMAND, REDO_COMMAND, UNDO_COMMAND,
  type ElementNode, type LexicalEditor, type TextFormatType,
} from 'lexical';
import type { IconName } from './icons.js';
import type { BlockKind, SelectionState } from './selection-state.js';

export interface Shortcut {
  /** A chord such as `Mod+B` (Mod: ⌘ on Apple devices, Ctrl elsewhere). */
  readonly keys?: string;
  /** Typed at the start of a line, then a space. */
  readonly markdown?: string;
  /** Typed around text (Markdown), such as `code`. */
  readonly around?: string;
}

export interface ButtonSpec {
  readonly label: string;
  readonly icon: IconName;
  readonly group: 'history' | 'text' | 'block' | 'list' | 'insert';
  readonly shortcut?: Shortcut;
  readonly pressed?: (state: SelectionState) => boolean;
  readonly run: (editor: LexicalEditor, state: SelectionState) => void;
}

const format = (label: string, icon: IconName, name: TextFormatType, shortcut: Shortcut): ButtonSpec => ({
  label, icon, group: 'text', shortcut,
  pressed: (state) => state.formats.has(name),
  run: (editor) => editor.dispatchCommand(FORMAT_TEXT_COMMAND, name),
});

const block = (label: string, icon: IconName, kind: BlockKind, create: () => ElementNode, markdown?: string): ButtonSpec => ({
  label, icon, group: 'block', ...(markdown ? { shortcut: { markdown } } : {}),
  pressed: (state) => state.block === kind,
  run: (editor, state) => setBlock(editor, state.block === kind && kind !== 'paragraph' ? $createParagraphNode : create),
});

const list = (label: string, icon: IconName, kind: 'bullet' | 'number', markdown: string): ButtonSpec => ({
  label, icon, group: 'list', shortcut: { markdown },
  pressed: (state) => state.block === kind,
  run: (editor, state) => {
    if (state.block === kind) editor.dispatchCommand(REMOVE_LIST_COMMAND, undefined);
    else editor.dispatchCommand(kind === 'bullet' ? INSERT_UNORDERED_LIST_COMMAND : INSERT_ORDERED_LIST_COMMAND, undefined);
  },
});

export const BUTTONS: readonly ButtonSpec[] = [
  { label: 'Undo', icon: 'undo', group: 'history', shortcut: { keys: 'Mod+Z' }, run: (e) => e.dispatchCommand(UNDO_COMMAND, undefined) },
  { label: 'Redo', icon: 'redo', group: 'history', shortcut: { keys: 'Mod+Shift+Z' }, run: (e) => e.dispatchCommand(REDO_COMMAND, undefined) },
  format('Bold', 'bold', 'bold', { keys: 'Mod+B' }),
  format('Italic', 'italic', 'italic', { keys: 'Mod+I' }),
  format('Underline', 'underline', 'underline', { keys: 'Mod+U' }),
  format('Inline code', 'code', 'code', { around: '`code`' }),
  block('Paragraph', 'paragraph', 'paragraph', $createParagraphNode),
  block('Heading 1', 'heading1', 'h1', () => $createHeadingNode('h1'), '#'),
  block('Heading 2', 'heading2', 'h2', () => $createHeadingNode('h2'), '##'),
  block('Quote', 'quote', 'quote', $createQuoteNode, '>'),
  block('Code block', 'codeBlock', 'code', () => $createCodeNode(), '```'),
  list('Bulleted list', 'bulletList', 'bullet', '-'),
  list('Numbered list', 'numberList', 'number', '1.'),
  {
    label: 'Link', icon: 'link', group: 'insert', shortcut: { keys: 'Mod+K' },
    pressed: (state) => state.link,
    run: (editor, state) => askForLink(editor, state),
  },
];

/** Asks for the address of a new link, or removes the link the selection is in. */
export function askForLink(editor: LexicalEditor, state: SelectionState): void {
  if (state.link) {
    editor.dispatchCommand(TOGGLE_LINK_COMMAND, null);
    return;
  }
  const url = window.prompt('Link address', 'https://');
  if (url && url !== 'https://') editor.dispatchCommand(TOGGLE_LINK_COMMAND, url);
}

function setBlock(editor: LexicalEditor, create: () => ElementNode): void {
  editor.update(() => {
    const selection = $getSelection();
    if ($isRangeSelection(selection)) $setBlocksType(selection, create);
  });
}
