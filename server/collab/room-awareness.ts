/**
 * A document's awareness (cursors, names): the latest state per client id,
 * which socket introduced which ids, and coalesced broadcasting, so that
 * hundreds of moving cursors cost a bounded number of frames per member.
 */
import * as decoding from 'lib0/decoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import type * as Y from 'yjs';
import { PusherError } from '../pusher/errors.js';
import { LeadingEdgeThrottle } from '../../shared/util/throttle.js';
import type { DocMember } from './member.js';

export class RoomAwareness {
  readonly awareness: awarenessProtocol.Awareness;
  private readonly owners = new Map<number, DocMember>();
  private readonly changed = new Set<number>();
  private readonly throttle: LeadingEdgeThrottle;

  constructor(
    doc: Y.Doc,
    /** The pause between coalesced broadcasts, read after each (it may follow the number of members). */
    intervalMs: number | (() => number),
    private readonly broadcast: (update: Uint8Array) => void,
    /** Client ids one connection may speak for: a tab has one, so this bounds what a socket can make the room keep. */
    private readonly maxIdsPerMember = 4,
  ) {
    this.awareness = new awarenessProtocol.Awareness(doc);
    this.awareness.setLocalState(null);
    this.awareness.on('update', this.onUpdate);
    this.throttle = new LeadingEdgeThrottle(intervalMs, () => this.send(), () => this.changed.size > 0);
  }

  /** Applies a member's awareness update; refuses ids another socket introduced. */
  apply(member: DocMember, update: Uint8Array): void {
    const entries = entriesOf(update);
    const ids = entries.map((entry) => entry.id);
    // Editors label cursors by the user id in a state: a state may only carry its own member's.
    const claims = entries.map((entry) => claimedUserId(entry.state));
    if (claims.some((userId) => userId !== undefined && userId !== member.userId)) {
      throw new PusherError('invalidUpdate', 'Awareness state for another user');
    }
    for (const id of ids) {
      const owner = this.owners.get(id);
      if (owner && owner !== member) throw new PusherError('invalidUpdate', 'Awareness update for a client id of another connection');
    }
    const newIds = new Set(ids.filter((id) => !member.clientIds.has(id)));
    if (member.clientIds.size + newIds.size > this.maxIdsPerMember) {
      throw new PusherError('overBudget', `A connection may speak for ${this.maxIdsPerMember} awareness client ids`);
    }
    try {
      awarenessProtocol.applyAwarenessUpdate(this.awareness, update, member);
    } catch {
      throw new PusherError('invalidUpdate', 'Not a valid awareness update');
    }
  }

  /** Removes every state the member introduced; the removal reaches the others with the next broadcast. */
  removeMember(member: DocMember): void {
    const ids = [...member.clientIds];
    for (const id of ids) this.owners.delete(id);
    if (ids.length > 0) awarenessProtocol.removeAwarenessStates(this.awareness, ids, 'server');
  }

  /** All current states, for a member who just arrived; undefined when there are none. */
  snapshot(): Uint8Array | undefined {
    const ids = [...this.awareness.getStates().keys()];
    return ids.length > 0 ? awarenessProtocol.encodeAwarenessUpdate(this.awareness, ids) : undefined;
  }

  destroy(): void {
    this.throttle.stop();
    this.awareness.off('update', this.onUpdate);
    this.awareness.destroy();
  }

  private readonly onUpdate = (
    { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ): void => {
    const member = origin instanceof Object && 'clientIds' in origin ? (origin as DocMember) : undefined;
    for (const id of added) {
      member?.clientIds.add(id);
      if (member) this.owners.set(id, member);
    }
    for (const id of removed) {
      member?.clientIds.delete(id);
      this.owners.delete(id);
    }
    for (const id of [...added, ...updated, ...removed]) this.changed.add(id);
    this.throttle.poke();
  };

  private send(): void {
    if (this.changed.size === 0) return;
    const ids = [...this.changed];
    this.changed.clear();
    this.broadcast(awarenessProtocol.encodeAwarenessUpdate(this.awareness, ids));
  }
}

/** The entries of an awareness update (format: count, then id, clock, state per entry). */
function entriesOf(update: Uint8Array): { id: number; state: string }[] {
  try {
    const decoder = decoding.createDecoder(update);
    const count = decoding.readVarUint(decoder);
    const entries: { id: number; state: string }[] = [];
    for (let i = 0; i < count; i += 1) {
      const id = decoding.readVarUint(decoder);
      decoding.readVarUint(decoder);
      entries.push({ id, state: decoding.readVarString(decoder) });
    }
    return entries;
  } catch {
    throw new PusherError('invalidUpdate', 'Not a valid awareness update');
  }
}

/** The user id a state's `awarenessData.userId` names, if any (the Chorus editor puts its own there). */
function claimedUserId(state: string): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(state);
  } catch {
    return undefined; // applyAwarenessUpdate refuses it
  }
  const data = (parsed as { awarenessData?: unknown } | null)?.awarenessData;
  const userId = (data as { userId?: unknown } | null | undefined)?.userId;
  return userId === undefined ? undefined : String(userId);
}
