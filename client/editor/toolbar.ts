/**
 * The formatting toolbar: icon buttons in groups, each with an accessible
 * name, its shortcut (aria-keyshortcuts, and in the tooltip), and a pressed
 * state that follows the selection (bold on, a heading, a list). Undo and
 * Redo are disabled until there is something to undo or redo; every button
 * is disabled while the editor is read-only. Reached with Tab, pressed with
 * Enter or Space.
 */
import { mergeRegister } from '@lexical/utils';
import { CAN_REDO_COMMAND, CAN_UNDO_COMMAND, COMMAND_PRIORITY_LOW, KEY_MODIFIER_COMMAND, type LexicalEditor } from 'lexical';
import { icon } from './icons.js';
import { $selectionState, NO_SELECTION, type SelectionState } from './selection-state.js';
import { ariaShortcut, shortcutText } from './shortcuts.js';
import { askForLink, BUTTONS, type ButtonSpec } from './toolbar-buttons.js';
import { mountTooltip } from './tooltip.js';

/** Builds the toolbar into `container`; returns a function that removes it. */
export function mountToolbar(container: HTMLElement, editor: LexicalEditor): () => void {
  container.setAttribute('role', 'toolbar');
  container.setAttribute('aria-label', 'Formatting');
  let state: SelectionState = NO_SELECTION;
  /** Undo and Redo also wait for something to undo or redo. */
  const history = new Map([['Undo', false], ['Redo', false]]);
  const buttons = BUTTONS.map((spec, index) => {
    if (index > 0 && BUTTONS[index - 1]!.group !== spec.group) container.append(separator());
    const button = buttonFor(spec);
    button.addEventListener('click', () => {
      if (!editor.isEditable()) return; // a button enabled by some other script still changes nothing
      spec.run(editor, state);
      editor.focus();
    });
    container.append(button);
    return { spec, button };
  });
  // Disabled from the start for a read-only editor: the editable listener only reports changes.
  const refresh = (): void => {
    for (const { spec, button } of buttons) {
      button.disabled = !editor.isEditable() || history.get(spec.label) === false;
      if (spec.pressed) button.setAttribute('aria-pressed', String(editor.isEditable() && spec.pressed(state)));
    }
  };
  const onHistory = (label: string) => (can: boolean): boolean => (history.set(label, can), refresh(), false);
  const stop = mergeRegister(
    editor.registerUpdateListener(({ editorState }) => {
      state = editorState.read($selectionState, { editor });
      refresh();
    }),
    editor.registerCommand(CAN_UNDO_COMMAND, onHistory('Undo'), COMMAND_PRIORITY_LOW),
    editor.registerCommand(CAN_REDO_COMMAND, onHistory('Redo'), COMMAND_PRIORITY_LOW),
    editor.registerCommand(KEY_MODIFIER_COMMAND, (event) => linkShortcut(editor, event, state), COMMAND_PRIORITY_LOW),
    editor.registerEditableListener(refresh),
    mountTooltip(container),
  );
  refresh();
  return () => {
    stop();
    container.replaceChildren();
  };
}

function buttonFor(spec: ButtonSpec): HTMLButtonElement {
  const button = document.createElement('button');
  button.type = 'button';
  button.append(icon(spec.icon));
  button.setAttribute('aria-label', spec.label);
  button.dataset.tip = spec.label;
  const keys = shortcutText(spec.shortcut);
  if (keys) button.dataset.keys = keys;
  const aria = ariaShortcut(spec.shortcut);
  if (aria) button.setAttribute('aria-keyshortcuts', aria);
  if (spec.pressed) button.setAttribute('aria-pressed', 'false');
  return button;
}

function separator(): HTMLElement {
  const line = document.createElement('span');
  line.className = 'chorus-toolbar-separator';
  line.setAttribute('role', 'separator');
  line.setAttribute('aria-orientation', 'vertical');
  return line;
}

/** Ctrl+K (⌘K): a link, as the Link button makes. */
function linkShortcut(editor: LexicalEditor, event: KeyboardEvent, state: SelectionState): boolean {
  if (event.key.toLowerCase() !== 'k' || !(event.ctrlKey || event.metaKey) || event.shiftKey || event.altKey) return false;
  event.preventDefault();
  if (editor.isEditable()) askForLink(editor, state);
  return true;
}
