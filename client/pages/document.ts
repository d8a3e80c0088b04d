import { mount, type ChorusHandle } from '../embed/mount.js';
import { api, type DemoUser } from './api.js';
import { h } from './dom.js';
import { historyPanel } from './history-panel.js';
import { sharePanel } from './share-panel.js';

export interface DocumentPage { element: HTMLElement; destroy: () => void }

/**
 * One document: the embedded editor, and for its owner the share panel.
 * The server first says what this user may do with it (and why a share link
 * is refused: expired, revoked, not for this document) before anything mounts.
 */
export async function documentPage(id: string, share: string | undefined, user: DemoUser, key: string, path: string): Promise<DocumentPage> {
  const back = h('a', { href: '#/' }, '← Documents');
  let access;
  try {
    access = await api.access(id, share);
  } catch (error) {
    const refusal = h('p', { class: 'error', role: 'alert' }, (error as Error).message);
    return { element: h('section', { class: 'document' }, h('nav', {}, back), refusal), destroy: () => undefined };
  }
  const host = h('div', { class: 'editor-host' });
  const what = access.owner ? 'Your document' : access.role === 'editor' ? 'You can edit this document' : 'You can view this document';
  const nav = h('nav', {}, back, ' ', h('span', { class: 'access' }, what));
  const parts: HTMLElement[] = [nav];
  if (access.owner) {
    const { button, panel } = sharePanel(id);
    nav.append(' ', button);
    parts.push(panel);
  }
  const history = historyPanel({ docId: id, share, role: access.role });
  nav.append(' ', history.button);
  parts.push(history.panel);
  const handle: ChorusHandle = mount(host, {
    docId: id,
    server: `${location.origin}${path}`,
    appKey: key,
    authEndpoint: `${path}/broadcasting/auth`,
    ...(share ? { authParams: { share } } : {}),
    user: { name: user.name, color: user.color },
  });
  return { element: h('section', { class: 'document' }, ...parts, host), destroy: () => handle.destroy() };
}
