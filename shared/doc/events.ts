/**
 * The document-channel protocol: Yjs sync, updates and awareness carried as
 * Pusher events on `presence-doc.{docId}`. Binary payloads are base64.
 * docs/protocol.md describes it for anyone writing a client.
 */

export const DOC_CHANNEL_PREFIX = 'presence-doc.';
const DOC_ID = /^[A-Za-z0-9_-]{1,64}$/;

export const DocEvent = {
  /** client → server: `{ sv }`; answered to that socket alone, never relayed. */
  sync1: 'client-yjs-sync-1',
  /** server → client: `{ update }`, the diff against the client's state vector (in parts when large). */
  sync2: 'yjs-sync-2',
  /** server → client: `{ sv }`, the server's state vector, so the client can send what the server lacks. */
  serverSync1: 'yjs-sync-1',
  /** client ⇄ members: `{ update }` (or `{ id, part, parts, update }` parts); editors only. */
  update: 'client-yjs-update',
  /** client → server: `{ update }` from y-protocols encodeAwarenessUpdate. */
  awareness: 'client-yjs-awareness',
  /** server → client: `{ update }`, awareness states, coalesced; also the bootstrap and removals. */
  serverAwareness: 'yjs-awareness',
  /** client ⇄ members: `{ typing: boolean }` (Echo's whisper 'typing'). */
  typing: 'client-typing',
  /** server → member: `{ sv, ack? }`, the state vector now in the store and the last of its acknowledgement numbers covered. */
  saved: 'yjs-saved',
  /** server → members: `{ retry_in_ms }`, the store failed a write; the edits are kept on the node and tried again. */
  notSaved: 'yjs-not-saved',
  /** server → member: `{ retry_in_ms }`, the document could not be loaded from the store; the node tries again and then sends yjs-sync-1. */
  loadFailed: 'yjs-load-failed',
  /** server → members: `{ title }`, the document's new title after a rename (at most MAX_TITLE_LENGTH characters). */
  renamed: 'doc-renamed',
} as const;

/** Longest document title the server keeps. */
export const MAX_TITLE_LENGTH = 200;

export function docChannel(docId: string): string {
  return `${DOC_CHANNEL_PREFIX}${docId}`;
}

/** The document id of a document channel, or undefined for any other channel. */
export function docIdOf(channel: string): string | undefined {
  if (!channel.startsWith(DOC_CHANNEL_PREFIX)) return undefined;
  const id = channel.slice(DOC_CHANNEL_PREFIX.length);
  return DOC_ID.test(id) ? id : undefined;
}

export function isValidDocId(id: unknown): id is string {
  return typeof id === 'string' && DOC_ID.test(id);
}

/** Largest single `client-yjs-update` accepted in one frame (before base64). */
export const MAX_UPDATE_BYTES = 8 * 1024 * 1024;
/** Server sync-2 answers larger than this travel in parts. */
export const MAX_SYNC2_PART_BYTES = 1024 * 1024;
/** Size of one part when an update is split (before base64). */
export const PART_BYTES = 1024 * 1024;
/** Largest document a client may send in parts (all parts of one update together). */
export const MAX_PARTED_UPDATE_BYTES = 64 * 1024 * 1024;
