/**
 * The Chorus editor without React: vanilla Lexical rich text (headings,
 * quotes, lists, links, code, inline formats, Markdown shortcuts) bound to a
 * Yjs document. Read-only for viewers: no command, shortcut, paste or drop
 * changes it (read-only.ts), and nothing local reaches the Yjs document.
 */
import { $toggleLink, TOGGLE_LINK_COMMAND } from '@lexical/link';
import { registerList } from '@lexical/list';
import { registerMarkdownShortcuts } from '@lexical/markdown';
import { registerRichText } from '@lexical/rich-text';
import type { Provider } from '@lexical/yjs';
import { mergeRegister } from '@lexical/utils';
import { COMMAND_PRIORITY_LOW, createEditor, type LexicalEditor } from 'lexical';
import type * as Y from 'yjs';
import { EDITOR_NODES, MARKDOWN_TRANSFORMERS } from '../../shared/editor/nodes.js';
import { bindEditorToDoc, type CollabBinding, type CollabUser, type CursorName } from './collab-binding.js';
import { refuseEditingWhileReadOnly } from './read-only.js';
import { safeUrl } from './safe-url.js';
import { EDITOR_THEME } from './theme.js';

export interface DocEditorOptions {
  readonly contentEditable: HTMLElement;
  /** Where remote cursors are drawn: an element positioned over the editor. */
  readonly cursors: HTMLElement;
  readonly provider: Provider;
  readonly doc: Y.Doc;
  readonly user: CollabUser;
  readonly readOnly: boolean;
  /** How other tabs' cursors are labelled (default: the name they chose). */
  readonly cursorName?: CursorName;
}

export interface DocEditor {
  readonly editor: LexicalEditor;
  readonly collab: CollabBinding;
  destroy(): void;
}

export function createDocEditor(options: DocEditorOptions): DocEditor {
  const editor = createEditor({
    namespace: 'chorus',
    nodes: [...EDITOR_NODES],
    theme: EDITOR_THEME,
    editable: !options.readOnly,
    onError: (error) => {
      throw error;
    },
  });
  // Lexical leaves the contenteditable attribute to its host (React's ContentEditable sets it).
  options.contentEditable.contentEditable = String(!options.readOnly);
  editor.setRootElement(options.contentEditable);
  const collab = bindEditorToDoc(editor, options.provider, options.doc, options.user, options.cursors, options.cursorName);
  const stop = mergeRegister(
    refuseEditingWhileReadOnly(editor),
    editor.registerEditableListener((editable) => {
      options.contentEditable.contentEditable = String(editable);
      options.contentEditable.setAttribute('aria-readonly', String(!editable));
    }),
    registerRichText(editor),
    registerList(editor),
    registerMarkdownShortcuts(editor, MARKDOWN_TRANSFORMERS),
    editor.registerCommand(TOGGLE_LINK_COMMAND, (payload) => {
      const url = payload === null ? null : typeof payload === 'string' ? payload : payload.url;
      const target = url === null ? null : safeUrl(url);
      if (url !== null && target === null) return true; // refuse javascript: and friends
      $toggleLink(target);
      return true;
    }, COMMAND_PRIORITY_LOW),
  );
  return {
    editor,
    collab,
    destroy: () => {
      stop();
      collab.destroy();
      editor.setRootElement(null);
    },
  };
}
