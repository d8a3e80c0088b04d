/**
 * Where documents live: an append-only log of Yjs updates per document,
 * compacted now and then into one merged update. Appends never overwrite, so
 * several nodes persisting the same document merge instead of racing.
 * SQLite (embedded) and PostgreSQL (shared by several nodes) implement it.
 */
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
  close(): Promise<void>;
}
