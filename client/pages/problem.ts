/**
 * A page that says what went wrong instead of an editor that waits forever:
 * a link that does not work, a document that does not exist, no access.
 * The reason has role="alert" so that it is announced.
 */
import { icon, type IconName } from '../editor/icons.js';
import { ApiError } from './api.js';
import { h, setPageTitle } from './dom.js';

export interface Problem {
  readonly icon: IconName;
  readonly title: string;
  readonly reason: string;
  readonly hint: string;
}

export const BAD_LINK: Problem = {
  icon: 'brokenLink',
  title: 'This link does not work',
  reason: 'The address is incomplete or mistyped.',
  hint: 'Ask whoever sent it for the link again, or open the document from your list.',
};

/** The server did not answer: nothing to show, nothing lost. */
export const UNREACHABLE: Problem = {
  icon: 'offline',
  title: 'Can’t reach Chorus',
  reason: 'The server cannot be reached. Check your connection.',
  hint: 'Edits made in an open document are kept on this device until it can be reached again.',
};

/** What to show when the server would not open the document. */
export function problemOf(error: unknown, share: string | undefined): Problem {
  const status = error instanceof ApiError ? error.status : 0;
  const reason = error instanceof Error ? error.message : String(error);
  if (status === 0) return UNREACHABLE;
  if (status === 404) {
    return { icon: 'search', title: 'Document not found', reason: 'There is no document at this address.', hint: 'Check the link, or ask whoever sent it. Opening an address never creates a document.' };
  }
  if (status === 403 && share) return { icon: 'brokenLink', title: 'This link does not work', reason, hint: 'Ask the owner of the document for a new link.' };
  if (status === 403) return { icon: 'lock', title: 'You don’t have access to this document', reason, hint: 'Ask its owner to share it with you.' };
  return { icon: 'lock', title: 'Cannot open the document', reason, hint: 'Try again in a moment.' };
}

/** The problem, and a way on: back to the list, or (with `retry`) trying again. */
export function problemPage(problem: Problem, retry?: () => void): HTMLElement {
  setPageTitle(problem.title);
  let action: HTMLElement = h('a', { class: 'button primary', href: '#/' }, 'Go to your documents');
  if (retry) {
    action = h('button', { type: 'button', class: 'primary' }, 'Try again');
    action.addEventListener('click', retry);
  }
  return h('section', { class: 'page problem' },
    h('div', { class: 'problem-icon' }, icon(problem.icon, 28)),
    h('h1', {}, problem.title),
    h('p', { class: 'problem-reason', role: 'alert' }, problem.reason),
    h('p', { class: 'muted' }, problem.hint),
    action);
}
