import type * as Y from 'yjs';
import { mount, type ChorusHandle } from '../embed/mount.js';
import { icon } from '../editor/icons.js';
import { api, type DemoUser, type DocumentAccess } from './api.js';
import { documentTitle } from './doc-title.js';
import { h } from './dom.js';
import { historyPanel } from './history-panel.js';
import { problemOf, problemPage } from './problem.js';
import { shareButton } from './share-dialog.js';
import { announceTitle } from './title-broadcast.js';

export interface DocumentPage { element: HTMLElement; destroy: () => void }

/**
 * One document: its title (editors rename it in place; a rename anywhere shows here at once), what this user may
 * do, the actions (Share… for its owner, History for everyone), and the embedded editor. The
 * server first says what this user may do with it (and why a share link is
 * refused: expired, revoked, not for this document, or that there is no such
 * document) before anything mounts.
 */
export async function documentPage(id: string, share: string | undefined, user: DemoUser, key: string, path: string): Promise<DocumentPage> {
  let access: DocumentAccess;
  try {
    access = await api.access(id, share);
  } catch (error) {
    return { element: problemPage(problemOf(error, share)), destroy: () => undefined };
  }
  const editor = access.role === 'editor';
  const title = documentTitle(access.title, editor ? (next) => api.rename(id, next, share).then((r) => {
    announceTitle(id, r.title);
    return r.title;
  }) : undefined);
  // The document's actions: Share… for its owner, History for everyone.
  const actions = h('div', { class: 'doc-actions' });
  if (access.owner) actions.append(shareButton(id, title.current));
  const host = h('div', { class: 'editor-host' });
  // History, for everyone with access: versions, their changes, and restore for editors.
  const ownEditor = {
    socketId: () => handle.session.pusher.connection.socket_id,
    applyOwnChange: (make: (doc: Y.Doc) => Uint8Array) => handle.applyOwnChange(make),
  };
  const history = historyPanel({ docId: id, share, role: access.role, editor: ownEditor });
  actions.append(history.button);
  const handle: ChorusHandle = mount(host, {
    docId: id,
    server: `${location.origin}${path}`,
    appKey: key,
    authEndpoint: `${path}/broadcasting/auth`,
    ...(share ? { authParams: { share } } : {}),
    user: { name: user.name, color: user.color },
    onTitle: (renamed) => {
      title.show(renamed);
      announceTitle(id, renamed);
    },
  });
  const element = h('section', { class: 'page document' },
    h('a', { href: '#/', class: 'back' }, icon('back', 16), 'All documents'),
    h('div', { class: 'doc-head' }, h('div', { class: 'doc-head-main' }, title.element, accessLine(access)), actions),
    history.panel,
    host);
  return { element, destroy: () => handle.destroy() };
}

function accessLine(access: DocumentAccess): HTMLElement {
  const what = access.owner ? 'Your document' : access.role === 'editor' ? 'You can edit this document' : 'You can view this document';
  return h('p', { class: 'access' }, what);
}
