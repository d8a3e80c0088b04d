/**
 * mount(element, options): the whole collaborative editor in one call, for
 * the demo app and for any page that embeds Chorus. The handle's destroy()
 * leaves the channel and frees everything it made. When the server grants
 * another role while it is open, the view is rebuilt on a new session.
 * `onTitle` hears each rename of the document, whichever session is open.
 */
import type * as Y from 'yjs';
import { parseServer, type DocSession, type SessionOptions } from '../collab/session.js';
import { openDocView, type DocView } from './doc-view.js';
import { ensureStyles } from './styles.js';

export interface MountOptions {
  /** Document id: [A-Za-z0-9_-]{1,64}. */
  readonly docId: string;
  /** The Chorus node, e.g. `https://chorus.example.com` (with REVERB_SERVER_PATH when set). */
  readonly server: string;
  /** The app key (REVERB_APP_KEY). */
  readonly appKey: string;
  /** Where pusher-js asks for channel signatures; Laravel's `/broadcasting/auth` works. */
  readonly authEndpoint?: string;
  readonly authParams?: Record<string, string>;
  readonly authHeaders?: Record<string, string>;
  /** Shown on your cursor to others. The role comes from the server's signature, not from here. */
  readonly user: { readonly name: string; readonly color: string };
  /**
   * For an editor, keep an IndexedDB copy so offline edits survive a closed tab
   * (default true). Attached once the server's signature says editor; a viewer never has one.
   */
  readonly offline?: boolean;
  /** Called with the document's new title when someone renames it (the title is text: show it as text). */
  readonly onTitle?: (title: string) => void;
}

export interface ChorusHandle {
  /** The current session (a new one after the server grants another role). */
  readonly session: DocSession;
  /**
   * Applies `make`'s change to the document as this person's own edit: sent
   * like one, and taken back by their Undo. False while they may not edit.
   */
  applyOwnChange(make: (doc: Y.Doc) => Uint8Array): boolean;
  destroy(): void;
}

export function mount(element: HTMLElement, options: MountOptions): ChorusHandle {
  ensureStyles(element.ownerDocument);
  const root = element.ownerDocument.createElement('div');
  root.className = 'chorus';
  element.append(root);
  let destroyed = false;
  const open = (): DocView => {
    const next = openDocView(root, sessionOptions(options), options.user, () => {
      if (destroyed) return;
      view.destroy();
      view = open();
    });
    if (options.onTitle) next.session.onTitle(options.onTitle);
    return next;
  };
  let view = open();

  const onUnload = (event: BeforeUnloadEvent): void => {
    if (!view.session.provider.hasUnsavedChanges) return;
    event.preventDefault();
    event.returnValue = '';
  };
  const win = element.ownerDocument.defaultView;
  win?.addEventListener('beforeunload', onUnload);

  return {
    get session() {
      return view.session;
    },
    applyOwnChange: (make) => view.applyOwnChange(make),
    destroy: () => {
      destroyed = true;
      win?.removeEventListener('beforeunload', onUnload);
      view.destroy();
      root.remove();
    },
  };
}

function sessionOptions(options: MountOptions): SessionOptions {
  return {
    docId: options.docId,
    key: options.appKey,
    server: parseServer(options.server),
    authEndpoint: options.authEndpoint ?? '/broadcasting/auth',
    ...(options.authParams ? { authParams: options.authParams } : {}),
    ...(options.authHeaders ? { authHeaders: options.authHeaders } : {}),
    ...(options.offline === undefined ? {} : { offline: options.offline }),
  };
}
