/**
 * One session's editor inside a mounted Chorus: the session, the editor bound
 * to its Y.Doc, the toolbar, people and status. It is read-only until the
 * server grants a role and the document's content is here (content-ready.ts),
 * and serves the role first granted; when a later
 * signature grants another (after a reconnect), it asks to be replaced, so the
 * new view starts from the server's state and, for an editor, its own offline
 * copy, never from what was kept under the other role. The formatting
 * toolbar is shown to editors only: a viewer (or anyone before the server
 * has granted a role) sees no editing controls at all.
 */
import type * as Y from 'yjs';
import type { DocRole } from '../../shared/doc/roles.js';
import { openSession, type DocSession, type SessionOptions } from '../collab/session.js';
import type { CollabUser } from '../editor/collab-binding.js';
import { cursorNames } from '../editor/cursor-names.js';
import { createDocEditor } from '../editor/editor.js';
import { mountAvatars, mountTyping } from '../editor/people.js';
import { mountPlaceholder } from '../editor/placeholder.js';
import { mountStatus } from '../editor/status.js';
import { mountToolbar } from '../editor/toolbar.js';
import { whenContentReady } from './content-ready.js';
import { mountNotice } from './notice.js';

export interface DocView {
  readonly session: DocSession;
  /** Applies `make`'s change to the document as this person's own edit (their Undo takes it back); false while they may not edit. */
  applyOwnChange(make: (doc: Y.Doc) => Uint8Array): boolean;
  destroy(): void;
}

/** The layout; CSS in styles.ts. The bar and the footer stay in view while the page scrolls; the toolbar waits for an editor's role. */
const SHELL = `
  <div class="chorus-bar">
    <div class="chorus-toolbar" hidden></div>
    <div class="chorus-people"></div>
  </div>
  <div class="chorus-notice" hidden></div>
  <div class="chorus-surface">
    <div class="chorus-content" role="textbox" aria-multiline="true" aria-label="Document text" spellcheck="true"></div>
    <div class="chorus-placeholder" hidden></div>
    <div class="chorus-cursors" aria-hidden="true"></div>
  </div>
  <div class="chorus-footer">
    <span class="chorus-status" role="status"></span>
    <div class="chorus-typing"></div>
  </div>`;

/** Builds the view into `root` (replacing what was there); `replace` is called when another role is granted. */
export function openDocView(root: HTMLElement, options: SessionOptions, user: CollabUser, replace: () => void): DocView {
  root.innerHTML = SHELL;
  root.dataset.role = 'unknown';
  const part = (name: string): HTMLElement => root.querySelector<HTMLElement>(`.chorus-${name}`)!;
  const session = openSession(options);
  const shareLink = Boolean(options.authParams?.share);
  const docEditor = createDocEditor({
    contentEditable: part('content'),
    cursors: part('cursors'),
    provider: session.provider as never,
    doc: session.doc,
    user,
    readOnly: true,
    cursorName: cursorNames(session.presence),
  });
  const { editor } = docEditor;

  let replacing = false;
  let contentReady = false;
  const applyRole = (role: DocRole): void => {
    part('toolbar').hidden = role !== 'editor' || session.role !== 'editor';
    if (role !== session.role) {
      editor.setEditable(false);
      if (!replacing) queueMicrotask(replace); // not from inside pusher-js's event dispatch
      replacing = true;
      return;
    }
    editor.setEditable(role === 'editor' && contentReady);
    root.dataset.role = role;
  };
  const stops = [
    mountToolbar(part('toolbar'), editor),
    mountAvatars(part('people'), session.presence),
    mountTyping(part('typing'), session.presence),
    mountStatus(part('status'), session, shareLink),
    mountPlaceholder(part('placeholder'), part('content'), editor, session.provider),
    mountNotice(root, part('notice'), session.provider, shareLink),
    session.presence.onChange(() => {
      if (session.presence.myId) docEditor.collab.identify(session.presence.myId);
      docEditor.collab.redrawCursors(); // the names on cursors come from presence
    }),
    session.onGranted(applyRole),
    whenContentReady(session.doc, session.provider, () => {
      contentReady = true;
      if (session.role && !replacing) applyRole(session.role);
    }),
    editor.registerUpdateListener(({ dirtyLeaves, dirtyElements, tags }) => {
      if (!tags.has('collaboration') && editor.isEditable() && (dirtyLeaves.size > 0 || dirtyElements.size > 0)) session.presence.localTyping();
    }),
  ];

  return {
    session,
    applyOwnChange: (make) => {
      if (!editor.isEditable()) return false;
      docEditor.collab.applyOwnChange(make(session.doc));
      return true;
    },
    destroy: () => {
      stops.forEach((stop) => stop());
      docEditor.destroy();
      session.destroy();
      root.replaceChildren();
    },
  };
}
