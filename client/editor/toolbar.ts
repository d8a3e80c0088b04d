/**
 * The formatting toolbar: plain buttons with aria labels and pressed states,
 * usable from the keyboard (Tab to reach, Enter/Space to press).
 */
import { $createCodeNode } from '@lexical/code';
import { TOGGLE_LINK_COMMAND } from '@lexical/link';
import { INSERT_ORDERED_LIST_COMMAND, INSERT_UNORDERED_LIST_COMMAND } from '@lexical/list';
import { $createHeadingNode, $createQuoteNode, type HeadingTagType } from '@lexical/rich-text';
import { $setBlocksType } from '@lexical/selection';
import {
  $createParagraphNode, $getSelection, $isRangeSelection, CAN_REDO_COMMAND, CAN_UNDO_COMMAND, COMMAND_PRIORITY_LOW,
  FORMAT_TEXT_COMMAND, REDO_COMMAND, UNDO_COMMAND, type ElementNode, type LexicalEditor, type TextFormatType,
} from 'lexical';

interface ButtonSpec {
  readonly label: string;
  readonly text: string;
  readonly run: (editor: LexicalEditor) => void;
  readonly format?: TextFormatType;
}

const BUTTONS: ButtonSpec[] = [
  { label: 'Undo', text: '↶', run: (e) => e.dispatchCommand(UNDO_COMMAND, undefined) },
  { label: 'Redo', text: '↷', run: (e) => e.dispatchCommand(REDO_COMMAND, undefined) },
  { label: 'Bold', text: 'B', format: 'bold', run: (e) => e.dispatchCommand(FORMAT_TEXT_COMMAND, 'bold') },
  { label: 'Italic', text: 'I', format: 'italic', run: (e) => e.dispatchCommand(FORMAT_TEXT_COMMAND, 'italic') },
  { label: 'Underline', text: 'U', format: 'underline', run: (e) => e.dispatchCommand(FORMAT_TEXT_COMMAND, 'underline') },
  { label: 'Inline code', text: '</>', format: 'code', run: (e) => e.dispatchCommand(FORMAT_TEXT_COMMAND, 'code') },
  { label: 'Paragraph', text: '¶', run: (e) => setBlock(e, () => $createParagraphNode()) },
  { label: 'Heading 1', text: 'H1', run: (e) => setBlock(e, () => $createHeadingNode('h1' as HeadingTagType)) },
  { label: 'Heading 2', text: 'H2', run: (e) => setBlock(e, () => $createHeadingNode('h2' as HeadingTagType)) },
  { label: 'Quote', text: '❝', run: (e) => setBlock(e, () => $createQuoteNode()) },
  { label: 'Code block', text: '{ }', run: (e) => setBlock(e, () => $createCodeNode()) },
  { label: 'Bulleted list', text: '•', run: (e) => e.dispatchCommand(INSERT_UNORDERED_LIST_COMMAND, undefined) },
  { label: 'Numbered list', text: '1.', run: (e) => e.dispatchCommand(INSERT_ORDERED_LIST_COMMAND, undefined) },
  { label: 'Link', text: 'Link', run: (e) => e.dispatchCommand(TOGGLE_LINK_COMMAND, window.prompt('Link address') ?? null) },
];

function setBlock(editor: LexicalEditor, create: () => ElementNode): void {
  editor.update(() => {
    const selection = $getSelection();
    if ($isRangeSelection(selection)) $setBlocksType(selection, create);
  });
}

/** Builds the toolbar into `container`; returns a function that removes its listeners. */
export function mountToolbar(container: HTMLElement, editor: LexicalEditor): () => void {
  container.setAttribute('role', 'toolbar');
  container.setAttribute('aria-label', 'Formatting');
  /** Undo and Redo also wait for something to undo or redo. */
  const history = new Map([['Undo', false], ['Redo', false]]);
  const buttons = BUTTONS.map((spec) => {
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = spec.text;
    button.setAttribute('aria-label', spec.label);
    button.title = spec.label;
    if (spec.format) button.setAttribute('aria-pressed', 'false');
    button.addEventListener('click', () => {
      if (!editor.isEditable()) return; // a button enabled by some other script still changes nothing
      spec.run(editor);
      editor.focus();
    });
    container.append(button);
    return { spec, button };
  });
  // Disabled from the start for a read-only editor: the editable listener only reports changes.
  const refresh = (): void => {
    for (const { spec, button } of buttons) button.disabled = !editor.isEditable() || history.get(spec.label) === false;
  };
  const onHistory = (label: string) => (can: boolean): boolean => (history.set(label, can), refresh(), false);
  const stops = [
    editor.registerUpdateListener(({ editorState }) => editorState.read(() => {
      const selection = $getSelection();
      for (const { spec, button } of buttons) {
        if (spec.format) button.setAttribute('aria-pressed', String($isRangeSelection(selection) && selection.hasFormat(spec.format)));
      }
    })),
    editor.registerCommand(CAN_UNDO_COMMAND, onHistory('Undo'), COMMAND_PRIORITY_LOW),
    editor.registerCommand(CAN_REDO_COMMAND, onHistory('Redo'), COMMAND_PRIORITY_LOW),
    editor.registerEditableListener(refresh),
  ];
  refresh();
  return () => {
    stops.forEach((stop) => stop());
    container.replaceChildren();
  };
}
