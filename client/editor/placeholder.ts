/**
 * The empty document's placeholder: "Start writing…" for an editor, "Nothing
 * written yet" for a viewer, shown only once the document is known to be
 * empty (synced with the server, or editable), never while it loads.
 */
import { mergeRegister } from '@lexical/utils';
import { $getRoot, $isParagraphNode, type LexicalEditor } from 'lexical';
import type { PusherYjsProvider } from '../collab/provider.js';

export function mountPlaceholder(element: HTMLElement, content: HTMLElement, editor: LexicalEditor, provider: PusherYjsProvider): () => void {
  element.setAttribute('aria-hidden', 'true');
  const render = (): void => {
    const empty = editor.getEditorState().read($isEmpty);
    const text = editor.isEditable() ? 'Start writing…' : 'Nothing written yet';
    element.textContent = text;
    element.hidden = !empty || !(provider.synced || editor.isEditable());
    if (element.hidden) content.removeAttribute('aria-placeholder');
    else content.setAttribute('aria-placeholder', text);
  };
  provider.on('sync', render);
  const stop = mergeRegister(editor.registerUpdateListener(render), editor.registerEditableListener(render));
  render();
  return () => {
    provider.off('sync', render);
    stop();
  };
}

function $isEmpty(): boolean {
  const children = $getRoot().getChildren();
  if (children.length === 0) return true;
  const [first] = children;
  return children.length === 1 && $isParagraphNode(first) && first.getTextContentSize() === 0;
}
