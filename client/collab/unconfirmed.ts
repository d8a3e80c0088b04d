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

interface Kept {
  readonly update: Uint8Array;
  /** The save tracker's local version once this update was made (a merge: its newest). */
  readonly version: number;
}

export class UnconfirmedEdits {
  private kept: Kept[] = [];

  add(update: Uint8Array, version: number): void {
    this.kept.push({ update, version });
    if (this.kept.length >= MERGE_AT) this.kept = [{ update: Y.mergeUpdates(this.kept.map((k) => k.update)), version }];
  }

  /**
   * The edits up to `version` are stored: they are let go. (An editor who
   * never pauses is never all saved: letting go of the confirmed ones, not
   * waiting for all to be, keeps the list to what is in flight.)
   */
  confirmThrough(version: number): void {
    if (this.kept.length > 0 && this.kept[0]!.version <= version) this.kept = this.kept.filter((k) => k.version > version);
  }

  /** The edits as one update, or undefined when there are none. */
  merged(): Uint8Array | undefined {
    if (this.kept.length === 0) return undefined;
    return this.kept.length === 1 ? this.kept[0]!.update : Y.mergeUpdates(this.kept.map((k) => k.update));
  }
}
