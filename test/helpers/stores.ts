/** Runs a suite against both document stores: embedded SQLite and a real PostgreSQL. */
import * as Y from 'yjs';
import { PostgresStore } from '../../server/collab/postgres-store.js';
import { tempSqliteUrl } from './config.js';
import { rootText } from './doc-client.js';
import { createDatabase, startPostgres, type TestPostgres } from './postgres.js';

export const STORE_KINDS = ['sqlite', 'postgres'] as const;
export type StoreKind = (typeof STORE_KINDS)[number];

let shared: Promise<TestPostgres> | undefined;

/** A fresh database of that kind; PostgreSQL starts once per test file. */
export async function databaseUrlFor(kind: StoreKind): Promise<string> {
  if (kind === 'sqlite') return tempSqliteUrl();
  shared ??= startPostgres();
  return createDatabase((await shared).url);
}

/** What a PostgreSQL database holds of a test-app document, as text: what any node would load. */
export async function storedText(database: string, docId: string): Promise<string> {
  const store = new PostgresStore(database);
  try {
    const doc = new Y.Doc();
    for (const update of (await store.load({ appId: 'test-app', docId })) ?? []) Y.applyUpdate(doc, update);
    return rootText(doc).toString();
  } finally {
    await store.close();
  }
}

/** For afterAll in files that use databaseUrlFor. */
export async function stopSharedPostgres(): Promise<void> {
  const server = shared;
  shared = undefined;
  if (server) await (await server).stop();
}
