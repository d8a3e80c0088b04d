/**
 * One open document: its Y.Doc, members, awareness and unsaved updates.
 * Work on a room runs one task at a time (load, then each sync or update in
 * arrival order), so a sync-1 answered after an update reflects it.
 */
import * as Y from 'yjs';
import { toBase64 } from '../../shared/doc/base64.js';
import { DocEvent, MAX_SYNC2_PART_BYTES, MAX_UPDATE_BYTES, PART_BYTES } from '../../shared/doc/events.js';
import { splitIntoParts } from '../../shared/doc/parts.js';
import { encodeServerFrame } from '../../shared/pusher/frames.js';
import type { Logger } from '../observability/log.js';
import type { Dispatcher } from '../pusher/dispatcher.js';
import { Flusher } from './flusher.js';
import type { DocMember, UpdateOrigin } from './member.js';
import { RoomAwareness } from './room-awareness.js';
import type { DocKey, DocumentStore } from './store.js';
import type { DocumentsConfig } from '../config/types.js';

export interface RoomDeps {
  readonly store: DocumentStore;
  readonly dispatcher: Dispatcher;
  readonly config: DocumentsConfig;
  /** Content for a document that does not exist yet (an empty paragraph). */
  readonly seed: () => Uint8Array;
  readonly log: Logger;
  /** Set when several nodes may hold this document: how often to exchange state vectors with them. */
  readonly repairIntervalMs?: number;
}

/** Node-to-node messages about a document (hook payload kinds). */
export const NodeMessage = {
  /** data: base64 state vector; "this is what I have". */
  stateVector: 'sv',
  /** data: base64 update; an answer to a state vector, for nodes and their sockets. */
  diff: 'diff',
  /** data: ''; the update is in the frame (a relayed client-yjs-update). */
  relayedUpdate: 'relayed',
} as const;

export class DocRoom {
  readonly doc = new Y.Doc({ gc: true });
  readonly members = new Map<string, DocMember>();
  readonly awareness: RoomAwareness;
  private readonly flusher: Flusher;
  private queue: Promise<unknown> = Promise.resolve();
  private rowsSinceCompaction = 0;
  private compacting = false;
  private partIds = 0;
  private storedStateVector: Uint8Array | undefined;
  private repairTimer: NodeJS.Timeout | undefined;

  constructor(readonly key: DocKey, readonly channel: string, private readonly deps: RoomDeps) {
    this.awareness = new RoomAwareness(this.doc, deps.config.awarenessIntervalMs, (update) =>
      deps.dispatcher.publish(key.appId, channel, DocEvent.serverAwareness, { update: toBase64(update) }));
    this.flusher = new Flusher({
      delayMs: deps.config.flushDelayMs,
      maxDelayMs: deps.config.flushMaxDelayMs,
      write: (updates) => this.write(updates),
      log: deps.log,
    });
    this.doc.on('update', this.onUpdate);
    if (deps.repairIntervalMs) {
      this.repairTimer = setInterval(() => this.announceStateVector(), deps.repairIntervalMs);
      this.repairTimer.unref();
    }
  }

  /** Runs work after everything queued before it; a failure is logged and does not stop the queue. */
  run<T>(work: () => T | Promise<T>): Promise<T | undefined> {
    const next = this.queue.then(work).catch((error: unknown) => {
      this.deps.log.error('document task failed', { err: error, doc_id: this.key.docId });
      return undefined;
    });
    this.queue = next;
    return next;
  }

  /** Loads the stored state, creating the document (seeded once, server-side) when it does not exist. */
  async load(): Promise<void> {
    let stored = await this.deps.store.load(this.key);
    if (!stored) {
      await this.deps.store.create(this.key, this.deps.seed());
      stored = (await this.deps.store.load(this.key)) ?? [];
    }
    this.rowsSinceCompaction = stored.length;
    Y.transact(this.doc, () => {
      for (const update of stored) Y.applyUpdate(this.doc, update, REMOTE);
    }, REMOTE);
    this.storedStateVector = Y.encodeStateVector(this.doc);
    // Other nodes may hold edits not yet stored: ask them for what we lack.
    if (this.deps.repairIntervalMs) this.announceStateVector();
  }

  /** Handles another node's message about this document. */
  fromNode(kind: string, data: string, frame: string | undefined): void {
    if (kind === NodeMessage.relayedUpdate && frame) {
      const update = updateInFrame(frame);
      if (update) Y.applyUpdate(this.doc, update, REMOTE);
    } else if (kind === NodeMessage.diff) {
      Y.applyUpdate(this.doc, Buffer.from(data, 'base64'), REPAIR);
    } else if (kind === NodeMessage.stateVector) {
      this.answerStateVector(Buffer.from(data, 'base64'));
    }
  }

  /**
   * Answers a client's sync-1: the diff it lacks, then our state vector. A
   * large diff goes in parts, paced to the socket's speed and outside the
   * room's queue, so one slow newcomer does not hold up everybody's edits.
   */
  sync(member: DocMember, stateVector: Uint8Array): void {
    const diff = Y.encodeStateAsUpdate(this.doc, stateVector);
    const sv = { sv: toBase64(Y.encodeStateVector(this.doc)) };
    if (diff.length <= MAX_SYNC2_PART_BYTES) {
      this.sendTo(member, DocEvent.sync2, { update: toBase64(diff) });
      this.sendTo(member, DocEvent.serverSync1, sv);
      return;
    }
    const parts = splitIntoParts(diff, PART_BYTES, `s${this.partIds++}`);
    void (async () => {
      for (const part of parts) {
        if (!(await member.session.sendPaced(encodeServerFrame(DocEvent.sync2, part, this.channel)))) return;
      }
      this.sendTo(member, DocEvent.serverSync1, sv);
    })();
  }

  /** Applies an editor's update; `ack` (when the client sent one) is confirmed once the update is stored. */
  applyFromMember(member: DocMember, update: Uint8Array, ack: number | undefined): void {
    Y.applyUpdate(this.doc, update, { kind: 'socket', member } satisfies UpdateOrigin);
    if (ack !== undefined) member.lastAck = Math.max(member.lastAck, ack);
    this.flusher.requestAck();
  }

  join(member: DocMember): void {
    this.members.set(member.socketId, member);
    void this.run(() => {
      const states = this.awareness.snapshot();
      if (states) this.sendTo(member, DocEvent.serverAwareness, { update: toBase64(states) });
    });
  }

  leave(socketId: string): void {
    const member = this.members.get(socketId);
    if (!member) return;
    this.members.delete(socketId);
    member.parts.clear();
    this.awareness.removeMember(member);
  }

  /** Writes everything unsaved now. */
  flush(): Promise<void> {
    return this.flusher.flush();
  }

  get hasUnsaved(): boolean {
    return this.flusher.hasPending;
  }

  destroy(): void {
    if (this.repairTimer) clearInterval(this.repairTimer);
    this.flusher.stop();
    this.awareness.destroy();
    this.doc.off('update', this.onUpdate);
    this.doc.destroy();
  }

  private readonly onUpdate = (update: Uint8Array, origin: unknown): void => {
    const from = origin as UpdateOrigin | undefined;
    if (!from || from.kind === 'remote') return;
    if (from.kind === 'repair') {
      // Our sockets never saw it: hand it to them directly, not to the other nodes again.
      const frame = encodeServerFrame(DocEvent.update, { update: toBase64(update) }, this.channel);
      for (const member of this.members.values()) member.session.send(frame);
      return;
    }
    this.flusher.add(update);
    this.relay(update, from.kind === 'socket' ? from.member : undefined);
  };

  /** Tells the other nodes our state vector; each answers with what we lack and we with what they lack. */
  private announceStateVector(): void {
    if (this.members.size === 0) return;
    this.deps.dispatcher.publishToNodes(this.key.appId, this.channel, { kind: NodeMessage.stateVector, data: toBase64(Y.encodeStateVector(this.doc)) });
  }

  private answerStateVector(theirs: Uint8Array): void {
    const theirMap = Y.decodeStateVector(theirs);
    const diff = Y.encodeStateAsUpdate(this.doc, theirs);
    if (diff.length > 2) this.deps.dispatcher.publishToNodes(this.key.appId, this.channel, { kind: NodeMessage.diff, data: toBase64(diff) });
    const ours = Y.decodeStateVector(Y.encodeStateVector(this.doc));
    const theyHaveMore = [...theirMap].some(([client, clock]) => (ours.get(client) ?? 0) < clock);
    if (theyHaveMore) this.announceStateVector();
  }

  /**
   * Sends an update to the channel's other members. One too large for a
   * frame is not pushed to everyone at once: members get our state vector
   * instead, see what they lack, and pull it with a sync-1 (paced per socket).
   */
  private relay(update: Uint8Array, sender: DocMember | undefined): void {
    const options = sender ? { except: sender.socketId, userId: sender.userId } : {};
    const { appId } = this.key;
    if (update.length <= MAX_UPDATE_BYTES) {
      const hook = { kind: NodeMessage.relayedUpdate, data: '' };
      this.deps.dispatcher.publish(appId, this.channel, DocEvent.update, { update: toBase64(update) }, { ...options, hook });
    } else {
      const sv = toBase64(Y.encodeStateVector(this.doc));
      this.deps.dispatcher.publish(appId, this.channel, DocEvent.serverSync1, { sv }, { ...options, hook: { kind: NodeMessage.stateVector, data: sv } });
    }
  }

  private async write(updates: Uint8Array[]): Promise<void> {
    // Taken before awaiting: everything the doc holds now, and every ack applied so far, is in this batch or stored before it.
    const covered = Y.encodeStateVector(this.doc);
    const acks = [...this.members.values()].map((member) => [member, member.lastAck] as const);
    if (updates.length > 0) {
      await this.deps.store.append(this.key, updates.length === 1 ? updates[0]! : Y.mergeUpdates(updates));
      this.rowsSinceCompaction += 1;
      if (this.rowsSinceCompaction >= this.deps.config.compactAfterRows) void this.compact();
    }
    this.storedStateVector = covered;
    this.announceSaved(acks);
  }

  private async compact(): Promise<void> {
    if (this.compacting) return;
    this.compacting = true;
    try {
      await this.deps.store.compact(this.key, Y.mergeUpdates, this.deps.config.compactAfterRows);
      this.rowsSinceCompaction = 1;
    } catch (error) {
      this.deps.log.error('compaction failed; the log is kept as it is', { err: error, doc_id: this.key.docId });
    } finally {
      this.compacting = false;
    }
  }

  /**
   * Tells this node's members which state is now in the store, so "Saved"
   * means stored, with the last acknowledgement number of theirs it covers.
   * Not through pub/sub: each node speaks for what it stored.
   */
  private announceSaved(acks: ReadonlyArray<readonly [DocMember, number]>): void {
    const sv = toBase64(this.storedStateVector ?? Y.encodeStateVector(this.doc));
    for (const [member, ack] of acks) {
      if (!this.members.has(member.socketId)) continue;
      this.sendTo(member, DocEvent.saved, ack > 0 ? { sv, ack } : { sv });
    }
  }

  private sendTo(member: DocMember, event: string, data: unknown): void {
    member.session.send(encodeServerFrame(event, data, this.channel));
  }
}

const REMOTE: UpdateOrigin = { kind: 'remote' };
const REPAIR: UpdateOrigin = { kind: 'repair' };

/** The update inside a relayed client-yjs-update frame, as another node published it. */
function updateInFrame(frame: string): Uint8Array | undefined {
  try {
    const outer = JSON.parse(frame) as { data?: string };
    const inner = JSON.parse(outer.data ?? '{}') as { update?: string };
    return inner.update ? Buffer.from(inner.update, 'base64') : undefined;
  } catch {
    return undefined;
  }
}
