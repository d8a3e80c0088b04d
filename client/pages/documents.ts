/**
 * The document list: create one by its title, open one. With none yet, an
 * empty state says what to do. Titles come from users: set as text, and
 * long unbroken ones wrap.
 */
import { icon } from '../editor/icons.js';
import { api, type DemoDocument } from './api.js';
import { h, setPageTitle } from './dom.js';

export function documentsPage(onOpen: (id: string) => void): HTMLElement {
  setPageTitle('Documents');
  const list = h('div', { class: 'documents-body', 'aria-busy': 'true' });
  const title = h('input', { id: 'new-title', placeholder: 'Title of a new document', 'aria-label': 'New document title', maxlength: '200' });
  const error = h('p', { class: 'form-error', role: 'alert' });
  const form = h('form', { class: 'new-document' }, title, h('button', { type: 'submit', class: 'primary' }, icon('plus'), 'Create'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    api.create(title.value).then(({ id }) => onOpen(id), (e: Error) => (error.textContent = e.message));
  });
  api.documents().then(
    (documents) => list.replaceChildren(documents.length === 0 ? emptyState() : documentList(documents, onOpen)),
    (e: Error) => list.replaceChildren(h('p', { class: 'form-error', role: 'alert' }, e.message)),
  ).finally(() => list.removeAttribute('aria-busy'));
  return h('section', { class: 'page documents-page' },
    h('div', { class: 'page-head' }, h('h1', {}, 'Documents')),
    form, error, list);
}

function documentList(documents: DemoDocument[], onOpen: (id: string) => void): HTMLElement {
  return h('ul', { class: 'documents', 'aria-label': 'Documents' }, ...documents.map((doc) => row(doc, onOpen)));
}

function row(doc: DemoDocument, onOpen: (id: string) => void): HTMLElement {
  const name = h('span', { class: 'doc-name' }, doc.title || 'Untitled');
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
