/**
 * A failing store is visible and recoverable: edits are kept and retried
 * while the client says "not saved yet", /up says degraded, a document that
 * cannot be loaded is never served empty, and shutdown keeps trying until
 * its deadline, naming what it could not store. With a real PostgreSQL
 * stopped and started, and a SQLite file made unwritable.
 */
import { spawnSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { PostgresStore } from '../../server/collab/postgres-store.js';
import { seedDocument } from '../../server/collab/lexical/convert.js';
import { startAuthServer, type AuthServer } from '../helpers/auth-server.js';
import { disconnectAll } from '../helpers/clients.js';
import { makeConfig, tempSqliteUrl } from '../helpers/config.js';
import { connectDoc, openDoc, rootText, type DocClient } from '../helpers/doc-client.js';
import { usePostgres } from '../helpers/fixtures.js';
import { createDatabase, type TestPostgres } from '../helpers/postgres.js';
import { closeAllServers, startServer, type TestServer } from '../helpers/server.js';
import { waitFor } from '../helpers/wait.js';

let postgres: TestPostgres;
const auths: AuthServer[] = [];

usePostgres((p) => {
  postgres = p;
});
afterEach(async () => {
  disconnectAll();
  await postgres.up();
  await Promise.all(auths.splice(0).map((a) => a.close()));
  await closeAllServers();
});

async function serve(databaseUrl: string, documents: Partial<ReturnType<typeof makeConfig>['documents']> = {}): Promise<{ server: TestServer; auth: AuthServer }> {
  const server = await startServer({ documents: { ...makeConfig().documents, databaseUrl, ...documents } });
  const auth = await startAuthServer(server);
  auths.push(auth);
  return { server, auth };
}

async function health(server: TestServer): Promise<{ status: string; store: string }> {
  return (await (await fetch(`${server.httpUrl}/up`)).json()) as { status: string; store: string };
}

/** The document as the store holds it, read by a store of its own. */
async function storedText(server: TestServer, docId: string): Promise<string> {
  const updates = (await server.node.store.load({ appId: server.app.id, docId })) ?? [];
  const doc = new Y.Doc();
  for (const update of updates) Y.applyUpdate(doc, update);
  return rootText(doc).toString();
}

async function expectKeptWhileFailing(server: TestServer, client: DocClient): Promise<void> {
  await waitFor(() => client.provider.storeProblem === 'not-saved', { what: 'the client to hear its edit is not saved', timeout: 10_000 });
  expect(client.provider.hasUnsavedChanges).toBe(true);
  expect(await health(server)).toMatchObject({ status: 'degraded', store: 'failing' });
  const metrics = await (await fetch(`${server.httpUrl}/metrics`)).text();
  expect(metrics).toMatch(/^chorus_store_failures_total\{operation="append"\} [1-9]/m);
  expect(metrics).toMatch(/^chorus_documents_store_failing 1$/m);
  expect(metrics).toMatch(/^chorus_documents_unsaved 1$/m);
}

describe('a failing store', () => {
  it('keeps edits made while PostgreSQL is down, says so, and stores them when it is back', async () => {
    const { server, auth } = await serve(await createDatabase(postgres.url));
    const ana = await openDoc(server, auth, 'outage', { id: 'ana' });
    ana.insert(0, 'before. ');
    await ana.saved();
    await postgres.down();
    ana.insert(ana.text().length, 'during the outage.');
    await expectKeptWhileFailing(server, ana);
    await postgres.up();
    await ana.saved();
    expect(ana.provider.storeProblem).toBeUndefined();
    expect(await storedText(server, 'outage')).toBe('before. during the outage.');
    expect(await health(server)).toMatchObject({ status: 'ok', store: 'ok' });
  });

  it('never serves an empty document when PostgreSQL is down at the first load, and loads it once it is back', async () => {
    const database = await createDatabase(postgres.url);
    const seeding = new PostgresStore(database);
    await seeding.create({ appId: 'test-app', docId: 'cold' }, seedDocument('Written long ago.'));
    await seeding.close();
    await postgres.down();
    // The node starts with the database down: its first use of the store fails.
    const { server, auth } = await serve(database);
    const ana = connectDoc(server, auth, 'cold', { id: 'ana' });
    await waitFor(() => ana.provider.storeProblem === 'not-loaded', { what: 'the client to hear the document cannot be loaded', timeout: 10_000 });
    expect(ana.provider.synced).toBe(false);
    expect(rootText(ana.doc).length).toBe(0);
    expect(await health(server)).toMatchObject({ status: 'degraded', store: 'failing' });
    await postgres.up();
    await ana.synced();
    expect(ana.provider.storeProblem).toBeUndefined();
    expect(ana.text()).toContain('Written long ago.');
    ana.insert(ana.text().length, ' And now.');
    await ana.saved();
    expect(await storedText(server, 'cold')).toBe(ana.text());
  });

  it('keeps trying to store on shutdown until its deadline, then names the documents it could not store', async () => {
    const { server, auth } = await serve(await createDatabase(postgres.url), { shutdownStoreTimeoutMs: 1500 });
    const ana = await openDoc(server, auth, 'last-words', { id: 'ana' });
    await postgres.down();
    ana.insert(0, 'never stored');
    await expectKeptWhileFailing(server, ana);
    const before = server.logs.filter((r) => r.msg.startsWith('could not store document updates')).length;
    await server.close();
    const attempts = server.logs.filter((r) => r.msg.startsWith('could not store document updates')).length - before;
    expect(attempts).toBeGreaterThanOrEqual(2);
    const named = server.logs.find((r) => r.msg.startsWith('shutting down without storing'));
    expect(named?.documents).toEqual(['test-app/last-words']);
  });

  it('keeps edits while the SQLite file is unwritable and stores them once it is writable again', async () => {
    const url = tempSqliteUrl();
    const file = url.slice('sqlite:'.length);
    const { server, auth } = await serve(url);
    const ana = await openDoc(server, auth, 'locked', { id: 'ana' });
    const bo = await openDoc(server, auth, 'locked', { id: 'bo', role: 'viewer' });
    ana.insert(0, 'first. ');
    await ana.saved();
    const files = [file, `${file}-wal`];
    // Root ignores file permissions; the immutable attribute stops every writer.
    const lock = (flag: '+i' | '-i'): void => {
      const result = spawnSync('chattr', [flag, ...files], { encoding: 'utf8' });
      if (result.status !== 0) throw new Error(`chattr ${flag} failed: ${result.stderr}`);
    };
    lock('+i');
    try {
      ana.insert(ana.text().length, 'second.');
      await expectKeptWhileFailing(server, ana);
      await waitFor(() => bo.provider.storeProblem === 'not-saved', { what: 'the viewer to hear it too' });
    } finally {
      lock('-i');
    }
    await ana.saved();
    expect(await storedText(server, 'locked')).toBe('first. second.');
    // The viewer, who has no edits to be told about, is told the store works again.
    await waitFor(() => bo.provider.storeProblem === undefined, { what: 'the viewer to hear the store is back' });
  });
});
