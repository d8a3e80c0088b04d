/**
 * The shared store for several nodes: PostgreSQL through `pg`. Appends are
 * plain inserts; compaction locks the document row so two nodes never merge
 * the same rows at once, and rows appended meanwhile are left alone.
 */
import type pg from 'pg';
import { pg as loadPg } from '../config/optional-modules.js';
import { addVersion, listVersions, pruneVersions, readVersion, VERSIONS_SCHEMA } from './postgres-versions.js';
import type { DocKey, DocumentAccess, DocumentInfo, DocumentStore, MergeUpdates, NewVersion, VersionPrune, VersionRecord } from './store.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS chorus_documents (
  app_id TEXT NOT NULL, id TEXT NOT NULL, title TEXT NOT NULL DEFAULT '',
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(), updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (app_id, id)
);
CREATE TABLE IF NOT EXISTS chorus_updates (
  seq BIGSERIAL PRIMARY KEY,
  app_id TEXT NOT NULL, doc_id TEXT NOT NULL, data BYTEA NOT NULL
);
CREATE INDEX IF NOT EXISTS chorus_updates_by_doc ON chorus_updates (app_id, doc_id, seq);
CREATE TABLE IF NOT EXISTS chorus_document_access (
  app_id TEXT NOT NULL, doc_id TEXT NOT NULL, owner TEXT,
  share_generation INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (app_id, doc_id)
);
`;

interface InfoRow { id: string; title: string; owner: string | null; updated_at: Date; size: string | null }

const CONNECT_TIMEOUT_MS = 5000;
const STATEMENT_TIMEOUT_MS = 15_000;

export class PostgresStore implements DocumentStore {
  private readonly pool: pg.Pool;
  private ready: Promise<void> | undefined;

  constructor(url: string) {
    // Bounded waits: a server that is down or hung fails the call (to be retried) instead of holding it for ever.
    this.pool = new (loadPg().Pool)({
      connectionString: url, max: 10,
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
      statement_timeout: STATEMENT_TIMEOUT_MS,
      query_timeout: STATEMENT_TIMEOUT_MS + 1000,
    });
    // A dropped idle connection must not crash the process; the pool replaces it.
    this.pool.on('error', () => undefined);
  }

  /**
   * Creates the tables once; concurrent nodes race safely thanks to IF NOT
   * EXISTS and the advisory lock. A failure (the server down at start) is
   * forgotten, so the next call tries again.
   */
  private init(): Promise<void> {
    this.ready ??= this.transaction(async (client) => {
      await client.query('SELECT pg_advisory_xact_lock(7263001)');
      await client.query(SCHEMA);
      await client.query(VERSIONS_SCHEMA);
    }).catch((error: unknown) => {
      this.ready = undefined;
      throw error;
    });
    return this.ready;
  }

  async load(key: DocKey): Promise<Uint8Array[] | undefined> {
    await this.init();
    const exists = await this.pool.query('SELECT 1 FROM chorus_documents WHERE app_id = $1 AND id = $2', [key.appId, key.docId]);
    if (exists.rowCount === 0) return undefined;
    const rows = await this.pool.query<{ data: Buffer }>('SELECT data FROM chorus_updates WHERE app_id = $1 AND doc_id = $2 ORDER BY seq', [key.appId, key.docId]);
    return rows.rows.map((r) => new Uint8Array(r.data));
  }

  async create(key: DocKey, initial: Uint8Array, title = '', owner?: string): Promise<boolean> {
    await this.init();
    return this.transaction(async (client) => {
      const inserted = await client.query('INSERT INTO chorus_documents (app_id, id, title) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [key.appId, key.docId, title]);
      if (inserted.rowCount === 0) return false;
      await client.query('INSERT INTO chorus_updates (app_id, doc_id, data) VALUES ($1, $2, $3)', [key.appId, key.docId, Buffer.from(initial)]);
      // A leftover record of an earlier document with this id keeps its generation: its links stay revoked.
      if (owner !== undefined) {
        await client.query(`INSERT INTO chorus_document_access (app_id, doc_id, owner) VALUES ($1, $2, $3)
          ON CONFLICT (app_id, doc_id) DO UPDATE SET owner = excluded.owner`, [key.appId, key.docId, owner]);
      }
      return true;
    });
  }

  async append(key: DocKey, update: Uint8Array): Promise<void> {
    await this.init();
    await this.transaction(async (client) => {
      await client.query(`INSERT INTO chorus_documents (app_id, id) VALUES ($1, $2)
        ON CONFLICT (app_id, id) DO UPDATE SET updated_at = now()`, [key.appId, key.docId]);
      await client.query('INSERT INTO chorus_updates (app_id, doc_id, data) VALUES ($1, $2, $3)', [key.appId, key.docId, Buffer.from(update)]);
    });
  }

  async compact(key: DocKey, merge: MergeUpdates, minRows: number): Promise<boolean> {
    await this.init();
    return this.transaction(async (client) => {
      await client.query('SELECT 1 FROM chorus_documents WHERE app_id = $1 AND id = $2 FOR UPDATE', [key.appId, key.docId]);
      const rows = await client.query<{ seq: string; data: Buffer }>('SELECT seq, data FROM chorus_updates WHERE app_id = $1 AND doc_id = $2 ORDER BY seq', [key.appId, key.docId]);
      if (rows.rows.length < minRows || rows.rows.length < 2) return false;
      const merged = merge(rows.rows.map((r) => new Uint8Array(r.data)));
      const last = rows.rows[rows.rows.length - 1]!.seq;
      await client.query('DELETE FROM chorus_updates WHERE app_id = $1 AND doc_id = $2 AND seq <= $3', [key.appId, key.docId, last]);
      await client.query('INSERT INTO chorus_updates (seq, app_id, doc_id, data) VALUES ($1, $2, $3, $4)', [last, key.appId, key.docId, Buffer.from(merged)]);
      return true;
    });
  }

  async rowCount(key: DocKey): Promise<number> {
    await this.init();
    const result = await this.pool.query<{ n: string }>('SELECT COUNT(*) AS n FROM chorus_updates WHERE app_id = $1 AND doc_id = $2', [key.appId, key.docId]);
    return Number(result.rows[0]?.n ?? 0);
  }

  async info(key: DocKey): Promise<DocumentInfo | undefined> {
    await this.init();
    const result = await this.pool.query<InfoRow>(`${INFO_SELECT} WHERE d.app_id = $1 AND d.id = $2`, [key.appId, key.docId]);
    const row = result.rows[0];
    return row ? toInfo(row) : undefined;
  }

  async list(appId: string): Promise<DocumentInfo[]> {
    await this.init();
    const result = await this.pool.query<InfoRow>(`${INFO_SELECT} WHERE d.app_id = $1 ORDER BY d.updated_at DESC, d.id`, [appId]);
    return result.rows.map(toInfo);
  }

  async countDocuments(appId: string): Promise<number> {
    await this.init();
    const result = await this.pool.query<{ n: string }>('SELECT COUNT(*) AS n FROM chorus_documents WHERE app_id = $1', [appId]);
    return Number(result.rows[0]?.n ?? 0);
  }

  async rename(key: DocKey, title: string): Promise<boolean> {
    await this.init();
    const result = await this.pool.query('UPDATE chorus_documents SET title = $1, updated_at = now() WHERE app_id = $2 AND id = $3', [title, key.appId, key.docId]);
    return (result.rowCount ?? 0) > 0;
  }

  async access(key: DocKey): Promise<DocumentAccess> {
    await this.init();
    const result = await this.pool.query<{ owner: string | null; share_generation: number }>(
      'SELECT owner, share_generation FROM chorus_document_access WHERE app_id = $1 AND doc_id = $2', [key.appId, key.docId]);
    const row = result.rows[0];
    return { owner: row?.owner ?? undefined, shareGeneration: row?.share_generation ?? 0 };
  }

  async revokeShares(key: DocKey): Promise<number> {
    await this.init();
    const result = await this.pool.query<{ share_generation: number }>(`INSERT INTO chorus_document_access (app_id, doc_id, share_generation) VALUES ($1, $2, 1)
      ON CONFLICT (app_id, doc_id) DO UPDATE SET share_generation = chorus_document_access.share_generation + 1
      RETURNING share_generation`, [key.appId, key.docId]);
    return result.rows[0]!.share_generation;
  }

  async addVersion(key: DocKey, version: NewVersion): Promise<void> {
    await this.init();
    await addVersion(this.pool, key, version);
  }

  async listVersions(key: DocKey): Promise<VersionRecord[]> {
    await this.init();
    return listVersions(this.pool, key);
  }

  async readVersion(key: DocKey, id: string): Promise<Uint8Array | undefined> {
    await this.init();
    return readVersion(this.pool, key, id);
  }

  async pruneVersions(key: DocKey, choose: (versions: VersionRecord[]) => VersionPrune): Promise<VersionPrune> {
    await this.init();
    return pruneVersions((work) => this.transaction(work), key, choose);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  private async transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      client.release();
      return result;
    } catch (error) {
      // Not back into the pool: after a timeout the connection may still be busy with the query that hung.
      client.release(error instanceof Error ? error : new Error(String(error)));
      throw error;
    }
  }
}

const INFO_SELECT = `SELECT d.id, d.title, d.updated_at, a.owner,
  (SELECT SUM(LENGTH(u.data)) FROM chorus_updates u WHERE u.app_id = d.app_id AND u.doc_id = d.id) AS size
  FROM chorus_documents d LEFT JOIN chorus_document_access a ON a.app_id = d.app_id AND a.doc_id = d.id`;

function toInfo(row: InfoRow): DocumentInfo {
  return { id: row.id, title: row.title, ...(row.owner === null ? {} : { owner: row.owner }), updatedAt: new Date(row.updated_at), size: Number(row.size ?? 0) };
}
