/**
 * The document page's version history: the list of versions (when, name,
 * who changed the document since the one before), naming the current state,
 * opening a version read-only with what changed highlighted in each
 * author's colour, and restoring one. Naming and restoring are offered to
 * editors only; the server refuses them to viewers all the same.
 */
import { h } from './dom.js';
import { restoreVersion, type OwnEditor } from './restore-version.js';
import { People, renderDiff, renderLegend } from './version-view.js';
import { versionsApi, type CompareWith, type RestoreResult, type VersionSummary, type VersionsApi } from './versions-api.js';
import './history.css';

export interface HistoryOptions {
  readonly docId: string;
  /** The share link the person came with, passed on so the server can check their role. */
  readonly share: string | undefined;
  readonly role: 'editor' | 'viewer';
  /** This person's editor of the document: a restore is made there, so that its Undo takes it back. */
  readonly editor?: OwnEditor;
}

export function historyPanel(options: HistoryOptions): { button: HTMLElement; panel: HTMLElement } {
  const api = versionsApi(options.docId, options.share);
  const panel = h('section', { class: 'history', 'aria-label': 'Version history', hidden: '' });
  const button = h('button', { type: 'button', 'aria-expanded': 'false' }, 'History');
  const status = h('p', { class: 'history-status', role: 'status', 'aria-live': 'polite' });
  const say = (...content: (Node | string)[]): void => status.replaceChildren(...content);
  const fail = (error: Error): void => say(h('span', { class: 'error' }, error.message));
  const body = h('div', { class: 'history-body' });
  const editor = options.role === 'editor';
  let labels = new Map<string, string>();

  const showList = async (): Promise<void> => {
    const versions = await api.list();
    labels = new Map(versions.map((v) => [v.id, labelOf(v, undefined)]));
    const items = versions.map((version) => versionRow(version, labelOf(version, labels), () => void showVersion(version, 'previous').catch(fail)));
    body.replaceChildren(
      ...(editor ? [nameForm(api, () => showList(), say, fail)] : []),
      versions.length > 0 ? h('ol', { class: 'history-list', 'aria-label': 'Versions' }, ...items) : h('p', {}, 'No versions yet: one is taken after a stretch of editing.'),
    );
    body.dataset.view = 'list';
  };

  const showVersion = async (version: VersionSummary, compare: CompareWith): Promise<void> => {
    // What was said about the list goes; a message with an action (Undo restore) stays until it is replaced.
    if (!status.querySelector('button')) say();
    const view = await api.view(version.id, compare);
    const people = new People(view.people);
    const back = h('button', { type: 'button' }, '← All versions');
    back.addEventListener('click', () => void showList().catch(fail));
    const choice = h('select', { 'aria-label': 'Compare with' },
      h('option', { value: 'previous' }, 'Changes since the version before'),
      h('option', { value: 'current' }, 'Changes from this version to now'));
    choice.value = compare;
    choice.addEventListener('change', () => void showVersion(version, choice.value as CompareWith).catch(fail));
    const actions = h('div', { class: 'history-actions' }, back, choice);
    if (editor) actions.append(restoreButton((id) => restoreVersion(api, id, options.editor), version, say, fail, () => showList()));
    body.replaceChildren(
      h('h3', {}, labelOf(version, labels), ' ', timeOf(version)),
      actions,
      renderLegend(view.people, people),
      renderDiff(view.diff, people),
    );
    body.dataset.view = 'version';
  };

  button.addEventListener('click', () => {
    const open = panel.hidden;
    panel.hidden = !open;
    button.setAttribute('aria-expanded', String(open));
    if (open) void showList().catch(fail);
  });
  panel.append(h('h2', {}, 'Version history'), status, body);
  return { button, panel };
}

function nameForm(api: VersionsApi, refresh: () => Promise<void>, say: (...c: (Node | string)[]) => void, fail: (e: Error) => void): HTMLElement {
  const input = h('input', { 'aria-label': 'Version name', placeholder: 'Name this moment, e.g. “Sent to Bo”', maxlength: '200', required: '' });
  const form = h('form', { class: 'history-name' }, input, h('button', { type: 'submit' }, 'Name this version'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    api.name(input.value).then(async (version) => {
      input.value = '';
      await refresh();
      say(`Named “${version.name ?? ''}”.`);
    }).catch(fail);
  });
  return form;
}

type Restore = (id: string) => Promise<RestoreResult>;

function restoreButton(restoreId: Restore, version: VersionSummary, say: (...c: (Node | string)[]) => void, fail: (e: Error) => void, refresh: () => Promise<void>): HTMLElement {
  const restore = h('button', { type: 'button', class: 'history-restore' }, 'Restore this version');
  restore.addEventListener('click', () => {
    restore.setAttribute('disabled', '');
    restoreId(version.id).then(async (result) => {
      const undo = h('button', { type: 'button' }, 'Undo restore');
      undo.addEventListener('click', () => {
        restoreId(result.before).then(async () => {
          await refresh();
          say('The restore is undone.');
        }).catch(fail);
      });
      await refresh();
      say(`Restored “${labelOf(version, undefined)}”. `, undo);
    }).catch(fail).finally(() => restore.removeAttribute('disabled'));
  });
  return restore;
}

function versionRow(version: VersionSummary, label: string, open: () => void): HTMLElement {
  const openButton = h('button', { type: 'button', 'aria-label': `Open ${label}` }, 'Open');
  openButton.addEventListener('click', open);
  const authors = h('span', { class: 'history-authors' });
  const people = new People(version.authors);
  for (const author of version.authors) {
    const name = h('span', { class: 'history-author' }, people.name(author.id));
    name.style.setProperty('--author', people.colour(author.id));
    authors.append(name);
  }
  const what = h('span', { class: 'history-what' }, h('span', { class: 'history-label' }, label), ' ', timeOf(version));
  return h('li', { class: `history-item history-${version.kind}` }, what, authors, openButton);
}

/** A version's name, or what kind of version it is (and which one a restore brought back). */
function labelOf(version: VersionSummary, labels: ReadonlyMap<string, string> | undefined): string {
  if (version.name) return version.name;
  if (version.kind === 'restore') {
    const from = version.restored_from ? labels?.get(version.restored_from) : undefined;
    return from ? `Restored: ${from}` : 'Restored';
  }
  return 'Automatic version';
}

function timeOf(version: VersionSummary): HTMLElement {
  return h('time', { datetime: version.created_at }, new Date(version.created_at).toLocaleString());
}
