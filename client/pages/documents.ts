import { api, type DemoDocument } from './api.js';
import { h } from './dom.js';

export function documentsPage(onOpen: (id: string) => void): HTMLElement {
  const list = h('ul', { class: 'documents', 'aria-label': 'Documents' });
  const title = h('input', { id: 'new-title', placeholder: 'Title of a new document', 'aria-label': 'New document title', maxlength: '200' });
  const form = h('form', { class: 'new-document' }, title, h('button', { type: 'submit' }, 'Create'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    api.create(title.value).then(({ id }) => onOpen(id), (e: Error) => alert(e.message));
  });
  const refresh = (): void => {
    api.documents().then((documents) => list.replaceChildren(...documents.map((doc) => row(doc, onOpen, refresh))), () => undefined);
  };
  refresh();
  return h('section', { class: 'card wide' }, h('h1', {}, 'Documents'), form, list);
}

function row(doc: DemoDocument, onOpen: (id: string) => void, refresh: () => void): HTMLElement {
  const open = h('a', { href: `#/doc/${encodeURIComponent(doc.id)}` }, doc.title || 'Untitled');
  open.addEventListener('click', (event) => {
    event.preventDefault();
    onOpen(doc.id);
  });
  const updated = h('time', { datetime: doc.updated_at }, new Date(doc.updated_at).toLocaleString());
  if (!doc.owned) return h('li', {}, open, ' ', updated);
  // Only the owner renames a document.
  const rename = h('button', { type: 'button', 'aria-label': `Rename ${doc.title || 'Untitled'}` }, 'Rename');
  rename.addEventListener('click', () => {
    const next = prompt('New title', doc.title);
    if (next !== null) api.rename(doc.id, next).then(refresh, (e: Error) => alert(e.message));
  });
  return h('li', {}, open, ' ', updated, ' ', rename);
}
