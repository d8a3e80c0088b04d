/**
 * Everything one open document needs on the client, without the DOM:
 * pusher-js pointed at a Chorus node, the Y.Doc, its IndexedDB copy (edits
 * made offline survive closing the tab), the provider and presence.
 */
import PusherModule from 'pusher-js';
import { IndexeddbPersistence } from 'y-indexeddb';
import * as Y from 'yjs';
import { DocPresence } from './presence.js';
import { PusherYjsProvider } from './provider.js';
import type { ChannelLike, PusherLike } from './pusher-types.js';

type PusherClient = PusherLike & { disconnect(): void };
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
  /** Keep a copy in IndexedDB so offline edits survive a closed tab (default true). */
  readonly offline?: boolean;
}

export interface DocSession {
  readonly doc: Y.Doc;
  readonly pusher: PusherClient;
  readonly provider: PusherYjsProvider;
  readonly presence: DocPresence;
  /** Resolves once the IndexedDB copy (if any) has been loaded into the doc. */
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
  const persistence = options.offline === false ? undefined : new IndexeddbPersistence(`chorus:${options.key}:${options.docId}`, doc);
  const restored = persistence ? persistence.whenSynced.then(() => undefined) : Promise.resolve();
  const presence = new DocPresence();
  // Subscribe only after the offline copy is in, so the first sync carries it.
  const provider = new PusherYjsProvider({ pusher, docId: options.docId, doc, connect: false });
  provider.on('channel', (channel: ChannelLike) => presence.attach(channel));
  void restored.then(() => provider.connect());
  return {
    doc, pusher, provider, presence, restored,
    destroy: () => {
      presence.destroy();
      provider.destroy();
      pusher.disconnect();
      void persistence?.destroy();
      doc.destroy();
    },
  };
}
