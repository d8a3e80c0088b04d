/** The PostgreSQL store's versions table: one row per version, its content in full (see history/ for why). */
import type pg from 'pg';
import { parseAuthors, type DocKey, type NewVersion, type VersionKind, type VersionPrune, type VersionRecord } from './store.js';

export const VERSIONS_SCHEMA = `
CREATE TABLE IF NOT EXISTS chorus_versions (
  seq BIGSERIAL PRIMARY KEY,
  app_id TEXT NOT NULL, doc_id TEXT NOT NULL, id TEXT NOT NULL,
  kind TEXT NOT NULL, name TEXT, created_at TIMESTAMPTZ NOT NULL,
  authors TEXT NOT NULL, changes TEXT NOT NULL, restored_from TEXT,
  state BYTEA NOT NULL,
  UNIQUE (app_id, doc_id, id)
);
CREATE INDEX IF NOT EXISTS chorus_versions_by_doc ON chorus_versions (app_id, doc_id, created_at);
`;

interface Row { id: string; kind: string; name: string | null; created_at: Date; authors: string; changes: string; restored_from: string | null; size: number }

const SELECT = `SELECT id, kind, name, created_at, authors, changes, restored_from, LENGTH(state) AS size FROM chorus_versions
  WHERE app_id = $1 AND doc_id = $2 ORDER BY created_at DESC, seq DESC`;

type Queryable = Pick<pg.Pool | pg.PoolClient, 'query'>;
type InTransaction = <T>(work: (client: pg.PoolClient) => Promise<T>) => Promise<T>;

export async function addVersion(db: Queryable, key: DocKey, v: NewVersion): Promise<void> {
  await db.query(`INSERT INTO chorus_versions (app_id, doc_id, id, kind, name, created_at, authors, changes, restored_from, state)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`, [key.appId, key.docId, v.id, v.kind, v.name, v.createdAt,
    JSON.stringify(v.authors), v.changes, v.restoredFrom, Buffer.from(v.state)]);
}

export async function listVersions(db: Queryable, key: DocKey): Promise<VersionRecord[]> {
  const result = await db.query<Row>(SELECT, [key.appId, key.docId]);
  return result.rows.map(toRecord);
}

export async function readVersion(db: Queryable, key: DocKey, id: string): Promise<Uint8Array | undefined> {
  const result = await db.query<{ state: Buffer }>('SELECT state FROM chorus_versions WHERE app_id = $1 AND doc_id = $2 AND id = $3', [key.appId, key.docId, id]);
  const row = result.rows[0];
  return row && new Uint8Array(row.state);
}

/** Locks the document row so two nodes never thin the same versions at once. */
export function pruneVersions(transaction: InTransaction, key: DocKey, choose: (versions: VersionRecord[]) => VersionPrune): Promise<VersionPrune> {
  return transaction(async (client) => {
    await client.query('SELECT 1 FROM chorus_documents WHERE app_id = $1 AND id = $2 FOR UPDATE', [key.appId, key.docId]);
    const plan = choose(await listVersions(client, key));
    if (plan.drop.length > 0) {
      await client.query('DELETE FROM chorus_versions WHERE app_id = $1 AND doc_id = $2 AND id = ANY($3)', [key.appId, key.docId, [...plan.drop]]);
    }
    for (const r of plan.rewrite) {
      await client.query('UPDATE chorus_versions SET authors = $1, changes = $2 WHERE app_id = $3 AND doc_id = $4 AND id = $5',
        [JSON.stringify(r.authors), r.changes, key.appId, key.docId, r.id]);
    }
    return plan;
  });
}

function toRecord(row: Row): VersionRecord {
  return {
    id: row.id, kind: row.kind as VersionKind, name: row.name, createdAt: new Date(row.created_at),
    authors: parseAuthors(row.authors), restoredFrom: row.restored_from, changes: row.changes, size: Number(row.size),
  };
}
