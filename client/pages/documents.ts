/**
 * The document list: create one by its title, open one. With none yet, an
 * empty state says what to do. Titles come from users: set as text, and
 * long unbroken ones wrap. A rename this browser hears of (in another tab)
 * shows at once; any other change shows when the list is looked at again
 * (the tab shown again), as it is fetched anew then.
 */
import { icon } from '../editor/icons.js';
import { api, type DemoDocument } from './api.js';
import { h, setPageTitle } from './dom.js';
import { onTitles } from './title-broadcast.js';

export interface DocumentsPage { element: HTMLElement; destroy: () => void }

export function documentsPage(onOpen: (id: string) => void): DocumentsPage {
  setPageTitle('Documents');
  const list = h('div', { class: 'documents-body', 'aria-busy': 'true' });
  const title = h('input', { id: 'new-title', placeholder: 'Title of a new document', 'aria-label': 'New document title', maxlength: '200' });
  const error = h('p', { class: 'form-error', role: 'alert' });
  const form = h('form', { class: 'new-document' }, title, h('button', { type: 'submit', class: 'primary' }, icon('plus'), 'Create'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    api.create(title.value).then(({ id }) => onOpen(id), (e: Error) => (error.textContent = e.message));
  });
  /** Each listed document's name, by id: where a rename heard from another tab goes. */
  const names = new Map<string, HTMLElement>();
  let loads = 0;
  const load = (): Promise<void> => {
    // Only the latest fetch draws: an earlier one answering last would show an older list.
    const current = ++loads;
    return api.documents().then(
      (documents) => current === loads && list.replaceChildren(documents.length === 0 ? emptyState() : documentList(documents, onOpen, names)),
      (e: Error) => current === loads && list.replaceChildren(h('p', { class: 'form-error', role: 'alert' }, e.message)),
    ).then(() => list.removeAttribute('aria-busy'));
  };
  void load();
  const stopTitles = onTitles((id, renamed) => {
    const name = names.get(id);
    if (name) name.textContent = renamed || 'Untitled';
  });
  const onVisible = (): void => {
    if (document.visibilityState === 'visible') void load();
  };
  document.addEventListener('visibilitychange', onVisible);
  const element = h('section', { class: 'page documents-page' },
    h('div', { class: 'page-head' }, h('h1', {}, 'Documents')),
    form, error, list);
  return {
    element,
    destroy: () => {
      stopTitles();
      document.removeEventListener('visibilitychange', onVisible);
    },
  };
}

function documentList(documents: DemoDocument[], onOpen: (id: string) => void, names: Map<string, HTMLElement>): HTMLElement {
  names.clear();
  return h('ul', { class: 'documents', 'aria-label': 'Documents' }, ...documents.map((doc) => row(doc, onOpen, names)));
}

function row(doc: DemoDocument, onOpen: (id: string) => void, names: Map<string, HTMLElement>): HTMLElement {
  const name = h('span', { class: 'doc-name' }, doc.title || 'Untitled');
  names.set(doc.id, name);
  const when = h('time', { datetime: doc.updated_at, title: new Date(doc.updated_at).toLocaleString() }, `Edited ${ago(doc.updated_at)}`);
  const meta = h('span', { class: 'doc-meta' }, ...(doc.owned ? [h('span', { class: 'tag' }, 'Yours')] : []), when);
  const open = h('a', { href: `#/doc/${encodeURIComponent(doc.id)}`, class: 'doc-row' }, h('span', { class: 'doc-icon' }, icon('document', 20)), name, meta);
  open.addEventListener('click', (event) => {
    event.preventDefault();
    onOpen(doc.id);
  });
  return h('li', {}, open);
}

function emptyState(): HTMLElement {
  return h('div', { class: 'empty' },
    h('div', { class: 'empty-icon' }, icon('document', 28)),
    h('h2', {}, 'Start your first document'),
    h('p', { class: 'muted' }, 'Give your first document a title above and start writing. Share it when you are ready.'));
}

const UNITS: readonly [Intl.RelativeTimeFormatUnit, number][] = [['year', 31_536_000], ['month', 2_592_000], ['day', 86_400], ['hour', 3600], ['minute', 60]];

/** "just now", "5 minutes ago", "yesterday"… in the browser's language. */
function ago(iso: string): string {
  const seconds = (new Date(iso).getTime() - Date.now()) / 1000;
  const unit = UNITS.find(([, size]) => Math.abs(seconds) >= size);
  if (!unit) return 'just now';
  return new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' }).format(Math.round(seconds / unit[1]), unit[0]);
}
