/** A document client as a browser runs it, minus the editor: pusher-js + PusherYjsProvider + Y.Doc. */
import * as Y from 'yjs';
import { PusherYjsProvider } from '../../client/collab/provider.js';
import type { PusherLike } from '../../client/collab/pusher-types.js';
import type { AuthServer } from './auth-server.js';
import { pusherClient } from './clients.js';
import type { TestServer } from './server.js';
import { waitFor } from './wait.js';

export interface DocClient {
  readonly doc: Y.Doc;
  readonly provider: PusherYjsProvider;
  readonly pusher: ReturnType<typeof pusherClient>;
  text(): string;
  insert(index: number, text: string): void;
  synced(): Promise<void>;
  saved(): Promise<void>;
  destroy(): void;
}

export interface DocUser {
  id: string;
  name?: string;
  role?: 'editor' | 'viewer';
}

/** The content lives in the `root` XmlText, as @lexical/yjs binds it. */
export function rootText(doc: Y.Doc): Y.XmlText {
  return doc.get('root', Y.XmlText) as Y.XmlText;
}

/** Opens a document and waits until it is synced. */
export async function openDoc(...args: Parameters<typeof connectDoc>): Promise<DocClient> {
  const client = connectDoc(...args);
  await client.synced();
  return client;
}

/** Starts opening a document without waiting for the sync (which a failing store may hold back). */
export function connectDoc(
  server: TestServer,
  auth: AuthServer,
  docId: string,
  user: DocUser,
  beforeSync: (provider: PusherYjsProvider) => void = () => undefined,
  doc: Y.Doc = new Y.Doc(),
): DocClient {
  const pusher = pusherClient(server, auth, { id: user.id, name: user.name ?? user.id, role: user.role ?? 'editor' });
  const provider = new PusherYjsProvider({ pusher: pusher as unknown as PusherLike, docId, doc, readOnly: user.role === 'viewer', connect: false });
  beforeSync(provider);
  provider.connect();
  const client: DocClient = {
    doc, provider, pusher,
    text: () => rootText(doc).toString(),
    insert: (index, text) => rootText(doc).insert(index, text),
    synced: () => waitFor(() => provider.synced, { what: `${user.id} to sync`, timeout: 20_000 }).then(() => undefined),
    saved: () => waitFor(() => provider.synced && !provider.hasUnsavedChanges, { what: `${user.id}'s edits to be saved`, timeout: 20_000 }).then(() => undefined),
    destroy: () => {
      provider.destroy();
      pusher.disconnect();
    },
  };
  return client;
}
