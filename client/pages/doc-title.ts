/**
 * The document's title as the page's heading. Editors rename it in place:
 * click the title or the pencil, type, Enter (or leaving the field) saves,
 * Escape cancels. Long unbroken titles wrap, in the heading and while typing.
 * A rename made elsewhere (`show`) replaces the heading and the tab's title;
 * a rename being typed here is left alone and compared with it when saved.
 */
import { icon } from '../editor/icons.js';
import { h, setPageTitle } from './dom.js';

export interface DocumentTitle {
  readonly element: HTMLElement;
  /** The title as it stands (after renames). */
  current(): string;
  /** Shows a title renamed elsewhere, as text. */
  show(title: string): void;
}

export function documentTitle(initial: string, rename: ((title: string) => Promise<string>) | undefined): DocumentTitle {
  let title = initial || 'Untitled';
  const heading = h('h1', { class: 'doc-title-text' }, title);
  const error = h('p', { class: 'form-error', role: 'alert' });
  const box = h('div', { class: 'doc-title' }, heading);
  const show = (text: string): void => {
    title = text;
    heading.textContent = text;
    setPageTitle(text);
  };
  setPageTitle(title);
  const result = { element: box, current: () => title, show };
  if (!rename) return result;

  const pencil = h('button', { type: 'button', class: 'icon-button', 'aria-label': 'Rename document', title: 'Rename' }, icon('pencil'));
  const edit = (): void => {
    const field = h('textarea', { class: 'doc-title-input', 'aria-label': 'Document title', maxlength: '200', rows: '1' });
    field.value = title;
    // As tall as its text (border-box: the borders on top of scrollHeight), so it neither scrolls nor grows a line.
    const fit = (): void => void ((field.style.height = 'auto'), (field.style.height = `${field.scrollHeight + field.offsetHeight - field.clientHeight}px`));
    let done = false;
    const finish = (save: boolean): void => {
      if (done) return;
      done = true;
      field.replaceWith(heading);
      pencil.hidden = false;
      const next = field.value.replace(/\s+/g, ' ').trim();
      if (!save || next === title || next === '') return heading.focus();
      const before = title;
      show(next);
      error.textContent = '';
      rename(next).then(show, (e: Error) => {
        show(before);
        error.textContent = `Could not rename: ${e.message}`;
      });
    };
    field.addEventListener('input', fit);
    field.addEventListener('blur', () => finish(true));
    field.addEventListener('keydown', (event) => {
      if (event.key === 'Enter') event.preventDefault();
      if (event.key === 'Enter' || event.key === 'Escape') finish(event.key === 'Enter');
    });
    heading.replaceWith(field);
    pencil.hidden = true;
    fit();
    field.focus();
    field.select();
  };
  heading.classList.add('editable');
  heading.setAttribute('tabindex', '-1');
  heading.title = 'Click to rename';
  heading.addEventListener('click', edit);
  pencil.addEventListener('click', edit);
  box.append(pencil, error);
  return result;
}
