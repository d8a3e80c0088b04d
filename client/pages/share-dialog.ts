/**
 * The owner's Share dialog: choose what a link grants (can edit / can view),
 * copy it, and revoke every link given out so far (after a confirmation;
 * fresh links are shown at once). Only the owner gets the button: the server
 * makes links for no one else.
 */
import { icon } from '../editor/icons.js';
import { api, type ShareLinks } from './api.js';
import { h } from './dom.js';

type Role = 'editor' | 'viewer';

const CHOICES: Record<Role, { label: string; help: string; field: string }> = {
  editor: { label: 'Can edit', help: 'Change the text and the title', field: 'Editor link' },
  viewer: { label: 'Can view', help: 'Read only, with everyone’s cursors', field: 'Viewer link' },
};

/** The Share… button, which opens the dialog for the document. */
export function shareButton(id: string, title: () => string): HTMLElement {
  const button = h('button', { type: 'button', class: 'primary', 'aria-haspopup': 'dialog' }, icon('share'), 'Share…');
  button.addEventListener('click', () => openShareDialog(id, title()));
  return button;
}

function openShareDialog(id: string, title: string): void {
  let role: Role = 'viewer';
  let links: ShareLinks | undefined;
  const field = h('input', { readonly: '', class: 'share-link-field', 'aria-label': CHOICES[role].field, value: 'Making links…' });
  const copy = h('button', { type: 'button', class: 'secondary' }, icon('copy'), 'Copy link');
  const expiry = h('p', { class: 'muted small' });
  const message = h('p', { class: 'share-message', role: 'status' });
  const show = (): void => {
    field.setAttribute('aria-label', CHOICES[role].field);
    field.value = links ? linkFor(id, links[role]) : 'Making links…';
    expiry.textContent = links ? `Links work until ${new Date(links.expires_at).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })}, or until you revoke them.` : '';
  };
  const load = (): Promise<void> => api.share(id).then((next) => void ((links = next), show()), (e: Error) => void (message.textContent = e.message));
  copy.addEventListener('click', () => void copyText(field).then((ok) => flash(copy, ok)));
  const choices = roleChoices(role, (next) => ((role = next), show()));
  const dialog = h('dialog', { class: 'dialog share', 'aria-labelledby': 'share-title' },
    h('div', { class: 'dialog-head' }, h('h2', { id: 'share-title' }, `Share “${title}”`), closeButton()),
    h('p', { class: 'muted' }, 'Anyone signed in who opens a link gets the access you choose here.'),
    choices,
    h('div', { class: 'share-link' }, field, copy),
    expiry,
    h('div', { class: 'dialog-foot' }, revokeControl(id, message, load)),
    message);
  dialog.addEventListener('close', () => dialog.remove());
  document.body.append(dialog);
  dialog.showModal();
  void load();
}

function roleChoices(initial: Role, choose: (role: Role) => void): HTMLElement {
  const options = (['editor', 'viewer'] as const).map((role) => {
    const input = h('input', { type: 'radio', name: 'share-role', value: role });
    input.checked = role === initial;
    input.addEventListener('change', () => input.checked && choose(role));
    return h('label', { class: 'choice' }, input, h('span', { class: 'choice-label' }, CHOICES[role].label), h('span', { class: 'choice-help' }, CHOICES[role].help));
  });
  return h('fieldset', { class: 'choices' }, h('legend', {}, 'People with the link'), ...options);
}

/** "Revoke all links", then "Revoke" / "Keep them" before anything happens. */
function revokeControl(id: string, message: HTMLElement, reload: () => Promise<void>): HTMLElement {
  const start = h('button', { type: 'button', class: 'danger-quiet' }, 'Revoke all links');
  const confirm = h('button', { type: 'button', class: 'danger' }, 'Revoke');
  const keep = h('button', { type: 'button', class: 'secondary' }, 'Keep them');
  const asking = h('div', { class: 'confirm' }, h('span', {}, 'Everyone with a link loses access now.'), confirm, keep);
  const box = h('div', { class: 'revoke' }, start);
  start.addEventListener('click', () => (box.replaceChildren(asking), keep.focus()));
  keep.addEventListener('click', () => (box.replaceChildren(start), start.focus()));
  confirm.addEventListener('click', () => {
    api.revoke(id).then(async () => {
      box.replaceChildren(start);
      await reload();
      message.textContent = 'Every link given out so far is revoked. The link above is new.';
    }, (e: Error) => void (message.textContent = e.message));
  });
  return box;
}

function closeButton(): HTMLElement {
  const button = h('button', { type: 'button', class: 'icon-button', 'aria-label': 'Close' }, icon('close'));
  button.addEventListener('click', () => button.closest('dialog')?.close());
  return button;
}

function linkFor(id: string, token: string): string {
  return `${location.origin}${location.pathname}#/doc/${encodeURIComponent(id)}?share=${token}`;
}

/** Copies the field's text: the Clipboard API, or the selection where it is not allowed. */
async function copyText(field: HTMLInputElement): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(field.value);
    return true;
  } catch {
    field.select();
    return document.execCommand('copy');
  }
}

function flash(button: HTMLElement, ok: boolean): void {
  const original = [...button.childNodes];
  button.replaceChildren(icon(ok ? 'check' : 'copy'), ok ? 'Copied' : 'Press Ctrl+C to copy');
  setTimeout(() => button.replaceChildren(...original), 2000);
}
