import { mount, type ChorusHandle } from '../embed/mount.js';
import { api, type DemoUser } from './api.js';
import { h } from './dom.js';

/** One document: the embedded editor plus share links. Returns the element and a cleanup. */
export function documentPage(id: string, share: string | undefined, user: DemoUser, key: string, path: string): { element: HTMLElement; destroy: () => void } {
  const host = h('div', { class: 'editor-host' });
  const links = h('div', { class: 'share', 'aria-live': 'polite' });
  const shareButton = h('button', { type: 'button' }, 'Share…');
  shareButton.addEventListener('click', () => {
    api.share(id).then(({ editor, viewer }) => {
      const base = `${location.origin}${location.pathname}#/doc/${encodeURIComponent(id)}?share=`;
      links.replaceChildren(
        h('label', {}, 'Can edit: ', h('input', { readonly: '', value: base + editor, 'aria-label': 'Editor link' })),
        h('label', {}, 'Can view: ', h('input', { readonly: '', value: base + viewer, 'aria-label': 'Viewer link' })),
      );
    }, (e: Error) => (links.textContent = e.message));
  });
  const back = h('a', { href: '#/' }, '← Documents');
  const element = h('section', { class: 'document' }, h('nav', {}, back, ' ', shareButton), links, host);
  const handle: ChorusHandle = mount(host, {
    docId: id,
    server: `${location.origin}${path}`,
    appKey: key,
    authEndpoint: `${path}/broadcasting/auth`,
    ...(share ? { authParams: { share } } : {}),
    user: { name: user.name, color: user.color },
  });
  return { element, destroy: () => handle.destroy() };
}
