/** Runs a suite against both document stores: embedded SQLite and a real PostgreSQL. */
import { tempSqliteUrl } from './config.js';
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

/** For afterAll in files that use databaseUrlFor. */
export async function stopSharedPostgres(): Promise<void> {
  const server = shared;
  shared = undefined;
  if (server) await (await server).stop();
}
