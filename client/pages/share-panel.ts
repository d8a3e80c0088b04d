/**
 * The owner's share panel: an editor link and a viewer link, when they
 * expire, and a button that revokes every link given out so far. Only the
 * owner gets it: the server makes links for no one else.
 */
import { api } from './api.js';
import { h } from './dom.js';

export function sharePanel(id: string): { button: HTMLElement; panel: HTMLElement } {
  const panel = h('div', { class: 'share', 'aria-live': 'polite' });
  const button = h('button', { type: 'button' }, 'Share…');
  const fail = (e: Error): void => void (panel.textContent = e.message);
  const show = (): void => {
    api.share(id).then(({ editor, viewer, expires_at }) => {
      const base = `${location.origin}${location.pathname}#/doc/${encodeURIComponent(id)}?share=`;
      const revoke = h('button', { type: 'button' }, 'Revoke all links');
      revoke.addEventListener('click', () => {
        api.revoke(id).then(() => panel.replaceChildren(h('p', { role: 'status' }, 'Every link given out so far is revoked.')), fail);
      });
      panel.replaceChildren(
        h('label', {}, 'Can edit: ', h('input', { readonly: '', value: base + editor, 'aria-label': 'Editor link' })),
        h('label', {}, 'Can view: ', h('input', { readonly: '', value: base + viewer, 'aria-label': 'Viewer link' })),
        h('p', {}, `Links work until ${new Date(expires_at).toLocaleString()}, or until revoked. `, revoke),
      );
    }, fail);
  };
  button.addEventListener('click', show);
  return { button, panel };
}
