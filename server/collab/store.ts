/**
 * Where documents live: an append-only log of Yjs updates per document,
 * compacted now and then into one merged update. Appends never overwrite, so
 * several nodes persisting the same document merge instead of racing.
 * Versions (history) are kept beside the log, each with its full content.
 * SQLite (embedded) and PostgreSQL (shared by several nodes) implement it.
 */
import type { VersionAuthor } from '../../shared/history/diff-tree.js';

export interface DocKey {
  readonly appId: string;
  readonly docId: string;
}

export interface DocumentInfo {
  readonly id: string;
  readonly title: string;
  /** The demo app's owner, when it has one. */
  readonly owner?: string;
  readonly updatedAt: Date;
  /** Bytes stored for the document (its log and snapshot). */
  readonly size: number;
}

/** Who may do what with a document in the demo app. */
export interface DocumentAccess {
  /** The user who created the document in the demo app; undefined when it was created otherwise. */
  readonly owner: string | undefined;
  /** Share links carry the generation they were issued in; revoking moves it on, so older links stop working. */
  readonly shareGeneration: number;
}

export type VersionKind = 'auto' | 'named' | 'restore';

/** One version of a document, without its content. */
export interface VersionRecord {
  readonly id: string;
  /** auto: taken after a stretch of editing or before a restore; named: by a person; restore: right after a restore. */
  readonly kind: VersionKind;
  readonly name: string | null;
  readonly createdAt: Date;
  /** Who changed the document since the previous version. */
  readonly authors: VersionAuthor[];
  /** For a restore, the version it restored. */
  readonly restoredFrom: string | null;
  /** JSON the history layer reads (who changed what, for diffs); opaque to stores. */
  readonly changes: string;
  /** Bytes stored for its content. */
  readonly size: number;
}

export interface NewVersion extends Omit<VersionRecord, 'size'> {
  /** The document's content at that moment, as the history layer encodes it. */
  readonly state: Uint8Array;
}

/** What thinning does to a document's versions: drops some, and rewrites who changed what in the ones after them. */
export interface VersionPrune {
  readonly drop: readonly string[];
  readonly rewrite: ReadonlyArray<{ readonly id: string; readonly authors: VersionAuthor[]; readonly changes: string }>;
}

/** Merges stored updates into one (Y.mergeUpdates); passed in so stores stay free of Yjs. */
export type MergeUpdates = (updates: Uint8Array[]) => Uint8Array;

export interface DocumentStore {
  /** The stored updates, oldest first; undefined when the document does not exist. */
  load(key: DocKey): Promise<Uint8Array[] | undefined>;
  /** Creates a document with its first content (and owner); false (and nothing written) when it exists. */
  create(key: DocKey, initial: Uint8Array, title?: string, owner?: string): Promise<boolean>;
  /** Appends an update, creating the document row if needed. */
  append(key: DocKey, update: Uint8Array): Promise<void>;
  /** When the log has at least `minRows` rows, replaces them with their merge, atomically. */
  compact(key: DocKey, merge: MergeUpdates, minRows: number): Promise<boolean>;
  /** How many log rows the document has (for compaction decisions and tests). */
  rowCount(key: DocKey): Promise<number>;
  info(key: DocKey): Promise<DocumentInfo | undefined>;
  list(appId: string): Promise<DocumentInfo[]>;
  /** How many documents the app has. */
  countDocuments(appId: string): Promise<number>;
  rename(key: DocKey, title: string): Promise<boolean>;
  /** Owner and share generation; a document without a record has no owner and generation 0. */
  access(key: DocKey): Promise<DocumentAccess>;
  /** Revokes every share link issued so far; returns the new generation. */
  revokeShares(key: DocKey): Promise<number>;
  addVersion(key: DocKey, version: NewVersion): Promise<void>;
  /** The document's versions, newest first. */
  listVersions(key: DocKey): Promise<VersionRecord[]>;
  /** A version's content; undefined when there is no such version. */
  readVersion(key: DocKey, id: string): Promise<Uint8Array | undefined>;
  /** Applies what `choose` decides from the current versions (newest first), atomically; returns it. */
  pruneVersions(key: DocKey, choose: (versions: VersionRecord[]) => VersionPrune): Promise<VersionPrune>;
  close(): Promise<void>;
}

/** Authors as stored (JSON), tolerating anything malformed as none. */
export function parseAuthors(json: string): VersionAuthor[] {
  try {
    const value = JSON.parse(json) as unknown;
    return Array.isArray(value) ? value.filter((a): a is VersionAuthor => typeof (a as VersionAuthor | null)?.id === 'string') : [];
  } catch {
    return [];
  }
}
