/**
 * The local edits the server has not yet confirmed stored, as they were
 * made. After a reconnect they are sent again first, before the sync
 * exchange: so the server gets them as typed, and not as the document shows
 * them once it has taken in what others did meanwhile. Text typed offline
 * into a block that a restore removed meanwhile then reaches the server as
 * text typed into a removed block, which it puts back (a rescue), rather
 * than as text already deleted along with the block, which would be lost.
 */
import * as Y from 'yjs';

/** Past this many, the updates kept are merged into one. */
const MERGE_AT = 64;

export class UnconfirmedEdits {
  private updates: Uint8Array[] = [];

  add(update: Uint8Array): void {
    this.updates.push(update);
    if (this.updates.length >= MERGE_AT) this.updates = [Y.mergeUpdates(this.updates)];
  }

  /** Everything confirmed stored: nothing is kept. */
  clear(): void {
    this.updates = [];
  }

  /** The edits as one update, or undefined when there are none. */
  merged(): Uint8Array | undefined {
    if (this.updates.length === 0) return undefined;
    return this.updates.length === 1 ? this.updates[0] : Y.mergeUpdates(this.updates);
  }
}
