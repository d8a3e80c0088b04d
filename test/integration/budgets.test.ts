/**
 * Budgets on what clients and apps can grow: documents per app and their
 * creation rate (the Documents API and opening an unknown id alike), bytes
 * per document, and HTTP API requests per second. Over one: the protocol's
 * error (4310 on sockets, 429 over HTTP), and nothing is made or changed.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Config } from '../../server/config/types.js';
import { startAuthServer, type AuthServer } from '../helpers/auth-server.js';
import { disconnectAll, pusherClient } from '../helpers/clients.js';
import { makeConfig } from '../helpers/config.js';
import { openDoc, type DocClient } from '../helpers/doc-client.js';
import { signedFetch } from '../helpers/rest.js';
import { closeAllServers, startServer, type TestServer } from '../helpers/server.js';
import { nextEvent, waitFor } from '../helpers/wait.js';

let auth: AuthServer | undefined;
afterEach(async () => {
  disconnectAll();
  await auth?.close();
  auth = undefined;
  await closeAllServers();
});

async function serve(documents: Partial<Config['documents']> = {}, budgets: Partial<Config['budgets']> = {}): Promise<TestServer> {
  const base = makeConfig();
  const server = await startServer({ documents: { ...base.documents, ...documents }, budgets: { ...base.budgets, ...budgets } });
  auth = await startAuthServer(server);
  return server;
}

/** Types an edit that fits (and waits until it is saved), then one that takes a 64 KiB document over its size, until the node refuses it. */
async function typeOverSize(client: DocClient): Promise<void> {
  const errors: number[] = [];
  client.pusher.connection.bind('error', (e: { data: { code: number } }) => errors.push(e.data.code));
  client.insert(0, 'fits. ');
  await client.saved();
  client.insert(0, 'x'.repeat(100 * 1024));
  await waitFor(() => errors.includes(4310), { what: 'the update to be refused' });
}

function create(server: TestServer, id: string): Promise<{ status: number; body: unknown }> {
  return signedFetch(server, 'POST', '/documents', { body: JSON.stringify({ id, content: 'hello' }) });
}

describe('budgets', () => {
  it('lets an app have so many documents, through the API and by opening an unknown id', async () => {
    const server = await serve({ maxDocumentsPerApp: 2 });
    expect((await create(server, 'one')).status).toBe(201);
    expect((await create(server, 'two')).status).toBe(201);
    const refused = await create(server, 'three');
    expect(refused.status).toBe(429);
    expect(JSON.stringify(refused.body)).toContain('CHORUS_DOC_MAX_PER_APP');
    // Opening an id that does not exist would create it: refused too, and nothing is made.
    const pusher = pusherClient(server, auth, { id: 'ana', role: 'editor' });
    const error = nextEvent<{ code: number }>((cb) => pusher.connection.bind('error', (e: { data: { code: number } }) => cb(e.data)));
    pusher.subscribe('presence-doc.four');
    expect((await error).code).toBe(4310);
    expect(await server.node.store.info({ appId: server.app.id, docId: 'four' })).toBeUndefined();
    expect(await server.node.store.countDocuments(server.app.id)).toBe(2);
  });

  it('lets an app create so many documents a minute', async () => {
    const server = await serve({ createPerMinute: 1 });
    expect((await create(server, 'first')).status).toBe(201);
    expect((await create(server, 'second')).status).toBe(429);
    expect((await create(server, 'first')).status).toBe(409); // an existing id is not a creation
  });

  it('refuses an update that would take a document over its size, and acknowledges nothing of it', async () => {
    const server = await serve({ maxDocumentBytes: 64 * 1024 });
    const ana = await openDoc(server, auth!, 'sized', { id: 'ana' });
    await typeOverSize(ana);
    const room = server.node.docs.find({ appId: server.app.id, docId: 'sized' })!;
    await room.run(() => undefined);
    expect(room.doc.get('root').toString()).not.toContain('xxxx');
    expect(ana.provider.hasUnsavedChanges).toBe(true);
  });

  it('keeps a refused edit unsaved when the node then stores another member\'s edit', async () => {
    const server = await serve({ maxDocumentBytes: 64 * 1024 });
    const ana = await openDoc(server, auth!, 'shared-size', { id: 'ana' });
    const bob = await openDoc(server, auth!, 'shared-size', { id: 'bob' });
    await typeOverSize(ana);
    bob.insert(0, 'bob. ');
    await bob.saved();
    // Whatever the node told Ana of that write reaches her before its relay of Bob's next edit.
    bob.insert(0, 'again. ');
    await waitFor(() => ana.text().includes('again. '), { what: 'Ana to see Bob\'s next edit' });
    expect(ana.provider.hasUnsavedChanges).toBe(true);
  });

  it('answers API requests over the app rate with 429', async () => {
    const server = await serve({}, { apiRequestsPerSecond: 2 });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i += 1) statuses.push((await signedFetch(server, 'GET', '/channels')).status);
    expect(statuses.slice(0, 2)).toEqual([200, 200]);
    expect(statuses).toContain(429);
  });
});
