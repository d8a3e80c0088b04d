/**
 * Everything one open document needs on the client, without the DOM:
 * pusher-js pointed at a Chorus node, the Y.Doc, the provider, presence, the
 * role the server grants, the document's title when it is renamed, and for an editor its IndexedDB copy (edits made
 * offline survive closing the tab).
 *
 * A session serves one role. It starts read-only and connects at once; the
 * IndexedDB copy is attached only once the server's signature says editor,
 * so a viewer's Y.Doc holds nothing but what the server sent, and nothing a
 * viewer's browser kept is ever sent as an editor's. The cost: an editor who
 * opens a document while offline sees it empty and read-only until the
 * server answers (edits made offline in an open document are kept as before).
 */
import PusherModule from 'pusher-js';
import { IndexeddbPersistence } from 'y-indexeddb';
import * as Y from 'yjs';
import type { DocRole } from '../../shared/doc/roles.js';
import { GrantedRole, type AuthorizingPusher } from './granted-role.js';
import { DocPresence } from './presence.js';
import { PusherYjsProvider } from './provider.js';
import type { ChannelLike, PusherLike } from './pusher-types.js';
import { TitleEvents } from './title-events.js';

type PusherClient = PusherLike & AuthorizingPusher & { disconnect(): void };
/** pusher-js ships CommonJS with ESM-style typings; this is its default export's real shape. */
const Pusher = PusherModule as unknown as new (key: string, options: object) => PusherClient;

export interface ServerAddress {
  readonly host: string;
  readonly port: number;
  readonly tls: boolean;
  /** REVERB_SERVER_PATH of the node, '' when none. */
  readonly path: string;
}

export interface SessionOptions {
  readonly docId: string;
  readonly key: string;
  readonly server: ServerAddress;
  readonly authEndpoint: string;
  readonly authParams?: Record<string, string>;
  readonly authHeaders?: Record<string, string>;
  /** For an editor, keep a copy in IndexedDB so offline edits survive a closed tab (default true). */
  readonly offline?: boolean;
}

export interface DocSession {
  readonly doc: Y.Doc;
  readonly pusher: PusherClient;
  readonly provider: PusherYjsProvider;
  readonly presence: DocPresence;
  /** The role the server first granted, which this session serves; undefined until then. */
  readonly role: DocRole | undefined;
  /**
   * Called with the role of every subscription the server accepts. A later
   * role that differs from `role` leaves this session read-only: open a new one.
   */
  onGranted(listener: (role: DocRole) => void): () => void;
  /** Called with the document's new title each time someone renames it. */
  onTitle(listener: (title: string) => void): () => void;
  /** Resolves once the role is known and, for an editor, the IndexedDB copy (if any) is loaded into the doc. */
  readonly restored: Promise<void>;
  destroy(): void;
}

/** Parses `https://chorus.example.com/realtime` into what pusher-js wants. */
export function parseServer(url: string, fallback: Location | undefined = globalThis.location): ServerAddress {
  const parsed = new URL(url, fallback?.href);
  const tls = parsed.protocol === 'https:' || parsed.protocol === 'wss:';
  return { host: parsed.hostname, port: Number(parsed.port) || (tls ? 443 : 80), tls, path: parsed.pathname.replace(/\/+$/, '') };
}

export function openSession(options: SessionOptions): DocSession {
  const doc = new Y.Doc();
  const { server } = options;
  const pusher = new Pusher(options.key, {
    cluster: '',
    wsHost: server.host,
    wsPort: server.port,
    wssPort: server.port,
    wsPath: server.path,
    forceTLS: server.tls,
    enabledTransports: ['ws', 'wss'],
    disableStats: true,
    channelAuthorization: { endpoint: options.authEndpoint, transport: 'ajax', params: options.authParams ?? {}, headers: options.authHeaders ?? {} },
  });
  const presence = new DocPresence();
  const titles = new TitleEvents();
  const provider = new PusherYjsProvider({ pusher, docId: options.docId, doc, readOnly: true, connect: false });
  const granted = new GrantedRole(pusher, provider.channelName);
  let persistence: IndexeddbPersistence | undefined;
  let restore: () => void = () => undefined;
  const restored = new Promise<void>((resolve) => (restore = resolve));
  granted.onGranted((role) => {
    if (role !== granted.role) return provider.setReadOnly(true);
    provider.setReadOnly(role !== 'editor');
    if (role !== 'editor' || options.offline === false || persistence) return restore();
    // Its edits were made as an editor; loading them into the doc sends them to the server.
    persistence = new IndexeddbPersistence(`chorus:${options.key}:${options.docId}`, doc);
    void persistence.whenSynced.then(restore);
  });
  provider.on('channel', (channel: ChannelLike) => {
    presence.attach(channel);
    granted.attach(channel);
    titles.attach(channel);
  });
  provider.connect();
  return {
    doc, pusher, provider, presence, restored,
    get role() {
      return granted.role;
    },
    onGranted: (listener) => granted.onGranted(listener),
    onTitle: (listener) => titles.onTitle(listener),
    destroy: () => {
      granted.destroy();
      titles.destroy();
      presence.destroy();
      provider.destroy();
      pusher.disconnect();
      void persistence?.destroy();
      doc.destroy();
    },
  };
}
