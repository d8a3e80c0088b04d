/**
 * The embedded store: better-sqlite3, WAL mode, synchronous=FULL so that an
 * acknowledged write survives a crash of the process (and of the machine).
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { SqliteVersions, VERSIONS_SCHEMA } from './sqlite-versions.js';
import type { DocKey, DocumentAccess, DocumentInfo, DocumentStore, MergeUpdates, NewVersion, VersionPrune, VersionRecord } from './store.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS documents (
  app_id TEXT NOT NULL, id TEXT NOT NULL, title TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,
  PRIMARY KEY (app_id, id)
);
CREATE TABLE IF NOT EXISTS updates (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  app_id TEXT NOT NULL, doc_id TEXT NOT NULL, data BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS updates_by_doc ON updates (app_id, doc_id, seq);
CREATE TABLE IF NOT EXISTS document_access (
  app_id TEXT NOT NULL, doc_id TEXT NOT NULL, owner TEXT,
  share_generation INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (app_id, doc_id)
);
`;

interface QueuedAppend {
  readonly key: DocKey;
  readonly update: Uint8Array;
  resolve(): void;
  reject(error: unknown): void;
}

interface InfoRow { id: string; title: string; owner: string | null; updated_at: number; size: number | null }

export class SqliteStore implements DocumentStore {
  private readonly db: Database.Database;
  private readonly versions: SqliteVersions;
  private queuedAppends: QueuedAppend[] = [];
  /** Prepared once: appends are the store's hot path. */
  private readonly appendStatements: { touch: Database.Statement; insert: Database.Statement };

  constructor(path: string) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.exec(SCHEMA);
    this.db.exec(VERSIONS_SCHEMA);
    this.versions = new SqliteVersions(this.db);
    this.appendStatements = {
      touch: this.db.prepare(`INSERT INTO documents (app_id, id, created_at, updated_at) VALUES (?, ?, ?, ?)
        ON CONFLICT (app_id, id) DO UPDATE SET updated_at = excluded.updated_at`),
      insert: this.db.prepare('INSERT INTO updates (app_id, doc_id, data) VALUES (?, ?, ?)'),
    };
  }

  async load(key: DocKey): Promise<Uint8Array[] | undefined> {
    const exists = this.db.prepare('SELECT 1 FROM documents WHERE app_id = ? AND id = ?').get(key.appId, key.docId);
    if (!exists) return undefined;
    const rows = this.db.prepare('SELECT data FROM updates WHERE app_id = ? AND doc_id = ? ORDER BY seq').all(key.appId, key.docId) as { data: Buffer }[];
    return rows.map((r) => new Uint8Array(r.data));
  }

  async create(key: DocKey, initial: Uint8Array, title = '', owner?: string): Promise<boolean> {
    return this.db.transaction(() => {
      const now = Date.now();
      const inserted = this.db.prepare('INSERT OR IGNORE INTO documents (app_id, id, title, created_at, updated_at) VALUES (?, ?, ?, ?, ?)')
        .run(key.appId, key.docId, title, now, now);
      if (inserted.changes === 0) return false;
      this.db.prepare('INSERT INTO updates (app_id, doc_id, data) VALUES (?, ?, ?)').run(key.appId, key.docId, Buffer.from(initial));
      // A leftover record of an earlier document with this id keeps its generation: its links stay revoked.
      if (owner !== undefined) {
        this.db.prepare(`INSERT INTO document_access (app_id, doc_id, owner) VALUES (?, ?, ?)
          ON CONFLICT (app_id, doc_id) DO UPDATE SET owner = excluded.owner`).run(key.appId, key.docId, owner);
      }
      return true;
    })();
  }

  /**
   * Appends are committed together, once per turn of the event loop: each
   * commit waits for the disk (synchronous=FULL) and blocks the node while it
   * does, so 200 documents writing in the same moment cost one wait, not 200.
   * The promise settles once the append's commit is on disk (or failed).
   */
  append(key: DocKey, update: Uint8Array): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queuedAppends.push({ key, update, resolve, reject });
      if (this.queuedAppends.length === 1) setImmediate(() => this.commitAppends());
    });
  }

  private commitAppends(): void {
    const batch = this.queuedAppends;
    this.queuedAppends = [];
    if (batch.length === 0) return;
    try {
      this.writeAppends(batch);
    } catch {
      // One bad append must not fail the others, now or on every retry: each is tried on its own.
      for (const append of batch) {
        try {
          this.writeAppends([append]);
        } catch (error) {
          append.reject(error);
          continue;
        }
        append.resolve();
      }
      return;
    }
    for (const append of batch) append.resolve();
  }

  private writeAppends(appends: readonly QueuedAppend[]): void {
    const { touch, insert } = this.appendStatements;
    this.db.transaction(() => {
      const now = Date.now();
      for (const { key, update } of appends) {
        touch.run(key.appId, key.docId, now, now);
        insert.run(key.appId, key.docId, Buffer.from(update));
      }
    })();
  }

  async compact(key: DocKey, merge: MergeUpdates, minRows: number): Promise<boolean> {
    return this.db.transaction(() => {
      const rows = this.db.prepare('SELECT seq, data FROM updates WHERE app_id = ? AND doc_id = ? ORDER BY seq').all(key.appId, key.docId) as { seq: number; data: Buffer }[];
      if (rows.length < minRows || rows.length < 2) return false;
      const merged = merge(rows.map((r) => new Uint8Array(r.data)));
      const last = rows[rows.length - 1]!.seq;
      this.db.prepare('DELETE FROM updates WHERE app_id = ? AND doc_id = ? AND seq <= ?').run(key.appId, key.docId, last);
      // The merge takes the place of the last row it replaces, so later appends stay after it.
      this.db.prepare('INSERT INTO updates (seq, app_id, doc_id, data) VALUES (?, ?, ?, ?)').run(last, key.appId, key.docId, Buffer.from(merged));
      return true;
    }).immediate();
  }

  async rowCount(key: DocKey): Promise<number> {
    const row = this.db.prepare('SELECT COUNT(*) AS n FROM updates WHERE app_id = ? AND doc_id = ?').get(key.appId, key.docId) as { n: number };
    return row.n;
  }

  async info(key: DocKey): Promise<DocumentInfo | undefined> {
    const row = this.db.prepare(`${INFO_SELECT} WHERE d.app_id = ? AND d.id = ?`).get(key.appId, key.docId) as InfoRow | undefined;
    return row ? toInfo(row) : undefined;
  }

  async list(appId: string): Promise<DocumentInfo[]> {
    const rows = this.db.prepare(`${INFO_SELECT} WHERE d.app_id = ? ORDER BY d.updated_at DESC, d.id`).all(appId) as InfoRow[];
    return rows.map(toInfo);
  }

  async countDocuments(appId: string): Promise<number> {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM documents WHERE app_id = ?').get(appId) as { n: number }).n;
  }

  async rename(key: DocKey, title: string): Promise<boolean> {
    return this.db.prepare('UPDATE documents SET title = ?, updated_at = ? WHERE app_id = ? AND id = ?').run(title, Date.now(), key.appId, key.docId).changes > 0;
  }

  async access(key: DocKey): Promise<DocumentAccess> {
    const row = this.db.prepare('SELECT owner, share_generation FROM document_access WHERE app_id = ? AND doc_id = ?')
      .get(key.appId, key.docId) as { owner: string | null; share_generation: number } | undefined;
    return { owner: row?.owner ?? undefined, shareGeneration: row?.share_generation ?? 0 };
  }

  async revokeShares(key: DocKey): Promise<number> {
    const row = this.db.prepare(`INSERT INTO document_access (app_id, doc_id, share_generation) VALUES (?, ?, 1)
      ON CONFLICT (app_id, doc_id) DO UPDATE SET share_generation = share_generation + 1
      RETURNING share_generation`).get(key.appId, key.docId) as { share_generation: number };
    return row.share_generation;
  }

  async addVersion(key: DocKey, version: NewVersion): Promise<void> {
    this.versions.add(key, version);
  }

  async listVersions(key: DocKey): Promise<VersionRecord[]> {
    return this.versions.list(key);
  }

  async readVersion(key: DocKey, id: string): Promise<Uint8Array | undefined> {
    return this.versions.read(key, id);
  }

  async pruneVersions(key: DocKey, choose: (versions: VersionRecord[]) => VersionPrune): Promise<VersionPrune> {
    return this.versions.prune(key, choose);
  }

  async close(): Promise<void> {
    this.commitAppends();
    this.db.close();
  }
}

const INFO_SELECT = `SELECT d.id, d.title, d.updated_at, a.owner,
  (SELECT SUM(LENGTH(u.data)) FROM updates u WHERE u.app_id = d.app_id AND u.doc_id = d.id) AS size
  FROM documents d LEFT JOIN document_access a ON a.app_id = d.app_id AND a.doc_id = d.id`;

function toInfo(row: InfoRow): DocumentInfo {
  return { id: row.id, title: row.title, ...(row.owner === null ? {} : { owner: row.owner }), updatedAt: new Date(row.updated_at), size: row.size ?? 0 };
}
