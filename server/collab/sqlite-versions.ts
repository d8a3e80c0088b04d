/** The SQLite store's versions table: one row per version, its content in full (see history/ for why). */
import type Database from 'better-sqlite3';
import { parseAuthors, type DocKey, type NewVersion, type VersionKind, type VersionPrune, type VersionRecord } from './store.js';

export const VERSIONS_SCHEMA = `
CREATE TABLE IF NOT EXISTS versions (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  app_id TEXT NOT NULL, doc_id TEXT NOT NULL, id TEXT NOT NULL,
  kind TEXT NOT NULL, name TEXT, created_at INTEGER NOT NULL,
  authors TEXT NOT NULL, changes TEXT NOT NULL, restored_from TEXT,
  state BLOB NOT NULL,
  UNIQUE (app_id, doc_id, id)
);
CREATE INDEX IF NOT EXISTS versions_by_doc ON versions (app_id, doc_id, created_at);
`;

interface Row { id: string; kind: string; name: string | null; created_at: number; authors: string; changes: string; restored_from: string | null; size: number }

const SELECT = `SELECT id, kind, name, created_at, authors, changes, restored_from, LENGTH(state) AS size FROM versions
  WHERE app_id = ? AND doc_id = ? ORDER BY created_at DESC, seq DESC`;

export class SqliteVersions {
  constructor(private readonly db: Database.Database) {}

  add(key: DocKey, v: NewVersion): void {
    this.db.prepare(`INSERT INTO versions (app_id, doc_id, id, kind, name, created_at, authors, changes, restored_from, state)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(key.appId, key.docId, v.id, v.kind, v.name, v.createdAt.getTime(),
      JSON.stringify(v.authors), v.changes, v.restoredFrom, Buffer.from(v.state));
  }

  list(key: DocKey): VersionRecord[] {
    return (this.db.prepare(SELECT).all(key.appId, key.docId) as Row[]).map(toRecord);
  }

  read(key: DocKey, id: string): Uint8Array | undefined {
    const row = this.db.prepare('SELECT state FROM versions WHERE app_id = ? AND doc_id = ? AND id = ?').get(key.appId, key.docId, id) as { state: Buffer } | undefined;
    return row && new Uint8Array(row.state);
  }

  prune(key: DocKey, choose: (versions: VersionRecord[]) => VersionPrune): VersionPrune {
    return this.db.transaction(() => {
      const plan = choose(this.list(key));
      const drop = this.db.prepare('DELETE FROM versions WHERE app_id = ? AND doc_id = ? AND id = ?');
      const rewrite = this.db.prepare('UPDATE versions SET authors = ?, changes = ? WHERE app_id = ? AND doc_id = ? AND id = ?');
      for (const id of plan.drop) drop.run(key.appId, key.docId, id);
      for (const r of plan.rewrite) rewrite.run(JSON.stringify(r.authors), r.changes, key.appId, key.docId, r.id);
      return plan;
    }).immediate();
  }
}

function toRecord(row: Row): VersionRecord {
  return {
    id: row.id, kind: row.kind as VersionKind, name: row.name, createdAt: new Date(row.created_at),
    authors: parseAuthors(row.authors), restoredFrom: row.restored_from, changes: row.changes, size: row.size,
  };
}
