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
  readonly updatedAt: Date;
  /** Bytes stored for the document (its log and snapshot). */
  readonly size: number;
}

/** Merges stored updates into one (Y.mergeUpdates); passed in so stores stay free of Yjs. */
export type MergeUpdates = (updates: Uint8Array[]) => Uint8Array;

export interface DocumentStore {
  /** The stored updates, oldest first; undefined when the document does not exist. */
  load(key: DocKey): Promise<Uint8Array[] | undefined>;
  /** Creates a document with its first content; false (and nothing written) when it exists. */
  create(key: DocKey, initial: Uint8Array, title?: string): Promise<boolean>;
  /** Appends an update, creating the document row if needed. */
  append(key: DocKey, update: Uint8Array): Promise<void>;
  /** When the log has at least `minRows` rows, replaces them with their merge, atomically. */
  compact(key: DocKey, merge: MergeUpdates, minRows: number): Promise<boolean>;
  /** How many log rows the document has (for compaction decisions and tests). */
  rowCount(key: DocKey): Promise<number>;
  info(key: DocKey): Promise<DocumentInfo | undefined>;
  list(appId: string): Promise<DocumentInfo[]>;
  rename(key: DocKey, title: string): Promise<boolean>;
  close(): Promise<void>;
}
