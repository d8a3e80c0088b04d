/**
 * In place of the editor when the document cannot be opened at all (see
 * refusal-text.ts): without it the page would show an empty editor waiting
 * forever. The editor comes back if a later subscription succeeds.
 */
import type { PusherYjsProvider } from '../collab/provider.js';
import { icon } from '../editor/icons.js';
import { refusalText } from '../editor/refusal-text.js';

export function mountNotice(root: HTMLElement, element: HTMLElement, provider: PusherYjsProvider, shareLink: boolean): () => void {
  element.setAttribute('role', 'alert');
  const render = (): void => {
    const refusal = provider.refusal;
    element.hidden = !refusal;
    root.toggleAttribute('data-refused', Boolean(refusal));
    if (!refusal) return element.replaceChildren();
    const notice = refusalText(refusal, shareLink);
    const title = element.ownerDocument.createElement('h2');
    title.textContent = notice.title;
    const text = element.ownerDocument.createElement('p');
    text.textContent = notice.text;
    element.replaceChildren(icon(notice.icon, 32), title, text);
  };
  provider.on('refused', render);
  render();
  return () => provider.off('refused', render);
}
