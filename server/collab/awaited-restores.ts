/**
 * Restores an editor makes in their own editor, so that their Undo takes
 * them back. The node names a Yjs client no document has used for the
 * change; the editor's browser computes the change as that client, applies
 * it as its own edit and sends it like any other. When an update of that
 * user brings items of that client, the room recognises the restore and
 * takes the versions around it. Bounded per room, and forgotten after a
 * while: a change that comes later is an ordinary edit.
 */
import * as Y from 'yjs';
import type { RestoreResult } from './room-history.js';
import type { DecodedUpdate } from './stored-state.js';

const KEEP_MS = 10 * 60_000;
const MAX_AWAITED = 32;

export interface AwaitedRestore {
  readonly clientId: number;
  readonly userId: string;
  /** The version restored. */
  readonly restoredFrom: string;
  readonly expiresAt: number;
  /** Settles once the change arrived and the versions around it are stored. */
  readonly done: Promise<RestoreResult>;
  settle(result: Promise<RestoreResult>): void;
}

export class AwaitedRestores {
  private readonly awaited = new Map<number, AwaitedRestore>();
  /** Those whose change arrived: kept for whoever asks for the result, until they expire. */
  private readonly arrived = new Map<number, AwaitedRestore>();

  /** Expects `userId` to restore `restoredFrom` as a new Yjs client, and returns its id. */
  expect(doc: Y.Doc, userId: string, restoredFrom: string, now = Date.now()): number {
    this.prune(now);
    const clientId = freshClientId(doc, (id) => this.awaited.has(id) || this.arrived.has(id));
    let settle: (result: Promise<RestoreResult>) => void = () => undefined;
    const done = new Promise<RestoreResult>((resolve) => {
      settle = resolve;
    });
    done.catch(() => undefined); // nobody may ask for the result
    this.awaited.set(clientId, { clientId, userId, restoredFrom, expiresAt: now + KEEP_MS, done, settle });
    return clientId;
  }

  /** The awaited restore an update of `userId` makes, if it brings one's items. */
  arriving(userId: string, decoded: DecodedUpdate): AwaitedRestore | undefined {
    for (const struct of decoded.structs) {
      const restore = this.awaited.get(struct.id.client);
      if (!restore || restore.userId !== userId || struct instanceof Y.Skip) continue;
      this.awaited.delete(restore.clientId);
      this.arrived.set(restore.clientId, restore);
      return restore;
    }
    return undefined;
  }

  /** The restore `userId` was expected to make as `clientId` (arrived or not), while it is kept. */
  find(clientId: number, userId: string): AwaitedRestore | undefined {
    const restore = this.awaited.get(clientId) ?? this.arrived.get(clientId);
    return restore?.userId === userId ? restore : undefined;
  }

  private prune(now: number): void {
    for (const map of [this.awaited, this.arrived]) {
      for (const [id, restore] of map) if (restore.expiresAt <= now) map.delete(id);
    }
    // Beyond the bound, the oldest go first (a Map keeps insertion order).
    while (this.awaited.size + this.arrived.size >= MAX_AWAITED) {
      const oldest = this.arrived.size > 0 ? this.arrived : this.awaited;
      oldest.delete(oldest.keys().next().value!);
    }
  }
}

/** A Yjs client id (as Yjs makes them: 32 bits) that neither the document nor `taken` uses. */
function freshClientId(doc: Y.Doc, taken: (id: number) => boolean): number {
  for (;;) {
    const id = crypto.getRandomValues(new Uint32Array(1))[0]!;
    if (!doc.store.clients.has(id) && !taken(id) && id !== doc.clientID) return id;
  }
}
