/**
 * mount(element, options): the whole collaborative editor in one call, for
 * the demo app and for any page that embeds Chorus. The handle's destroy()
 * leaves the channel and frees everything it made.
 */
import { createDocEditor } from '../editor/editor.js';
import { mountAvatars, mountTyping } from '../editor/people.js';
import { mountStatus } from '../editor/status.js';
import { mountToolbar } from '../editor/toolbar.js';
import { openSession, parseServer, type DocSession } from '../collab/session.js';
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
  /** Keep an IndexedDB copy so offline edits survive a closed tab (default true). */
  readonly offline?: boolean;
}

export interface ChorusHandle {
  readonly session: DocSession;
  destroy(): void;
}

export function mount(element: HTMLElement, options: MountOptions): ChorusHandle {
  ensureStyles(element.ownerDocument);
  const root = element.ownerDocument.createElement('div');
  root.className = 'chorus';
  root.innerHTML = `
    <div class="chorus-bar">
      <div class="chorus-toolbar"></div>
      <div class="chorus-people"></div>
      <span class="chorus-status" role="status"></span>
    </div>
    <div class="chorus-surface">
      <div class="chorus-content" role="textbox" aria-multiline="true" aria-label="Document text" spellcheck="true"></div>
      <div class="chorus-cursors" aria-hidden="true"></div>
    </div>
    <div class="chorus-typing"></div>`;
  element.append(root);
  const part = (name: string): HTMLElement => root.querySelector<HTMLElement>(`.chorus-${name}`)!;

  const session = openSession({
    docId: options.docId,
    key: options.appKey,
    server: parseServer(options.server),
    authEndpoint: options.authEndpoint ?? '/broadcasting/auth',
    ...(options.authParams ? { authParams: options.authParams } : {}),
    ...(options.authHeaders ? { authHeaders: options.authHeaders } : {}),
    ...(options.offline === undefined ? {} : { offline: options.offline }),
  });
  // Until the server's signature says otherwise, nobody types.
  session.provider.setReadOnly(true);
  const docEditor = createDocEditor({
    contentEditable: part('content'),
    cursors: part('cursors'),
    provider: session.provider as never,
    doc: session.doc,
    user: options.user,
    readOnly: true,
  });
  const { editor } = docEditor;

  const applyRole = (): void => {
    const me = session.presence.people().find((p) => p.id === session.presence.myId);
    const editable = me?.role === 'editor';
    session.provider.setReadOnly(!editable);
    if (editor.isEditable() !== editable) editor.setEditable(editable);
    root.dataset.role = me ? me.role : 'unknown';
  };
  const onUnload = (event: BeforeUnloadEvent): void => {
    if (!session.provider.hasUnsavedChanges) return;
    event.preventDefault();
    event.returnValue = '';
  };
  const win = element.ownerDocument.defaultView;
  win?.addEventListener('beforeunload', onUnload);

  const stops = [
    mountToolbar(part('toolbar'), editor),
    mountAvatars(part('people'), session.presence),
    mountTyping(part('typing'), session.presence),
    mountStatus(part('status'), session),
    session.presence.onChange(applyRole),
    editor.registerUpdateListener(({ dirtyLeaves, dirtyElements, tags }) => {
      if (!tags.has('collaboration') && editor.isEditable() && (dirtyLeaves.size > 0 || dirtyElements.size > 0)) session.presence.localTyping();
    }),
  ];

  return {
    session,
    destroy: () => {
      win?.removeEventListener('beforeunload', onUnload);
      stops.forEach((stop) => stop());
      docEditor.destroy();
      session.destroy();
      root.remove();
    },
  };
}
