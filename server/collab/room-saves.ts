/**
 * A document's way to the store, and the one place that decides what is
 * stored and acknowledged: takes members' updates (storing what is neither
 * stored nor queued yet), batches them (the flusher), writes and compacts
 * them, knows what is stored (StoredState), and tells the members:
 * `yjs-saved` once their edits are stored and integrated, `yjs-not-saved`
 * while the store fails (the updates are kept and retried).
 */
import * as Y from 'yjs';
import { toBase64 } from '../../shared/doc/base64.js';
import { DocEvent } from '../../shared/doc/events.js';
import type { DocumentsConfig } from '../config/types.js';
import type { Logger } from '../observability/log.js';
import { Flusher } from './flusher.js';
import type { DocMember } from './member.js';
import type { DocKey, DocumentStore } from './store.js';
import { clocksNeeded, rangesOf, StoredState, type DecodedUpdate, type StoredRanges } from './stored-state.js';

export interface RoomSavesDeps {
  readonly key: DocKey;
  readonly doc: Y.Doc;
  readonly store: DocumentStore;
  readonly config: DocumentsConfig;
  readonly log: Logger;
  readonly members: () => Iterable<DocMember>;
  readonly send: (member: DocMember, event: string, data: unknown) => void;
  /** After each write: the ranges it newly stored, for the other nodes that share the store. */
  readonly wrote: (ranges: StoredRanges) => void;
}

export class RoomSaves {
  private readonly flusher: Flusher;
  /** What is in the store, as far as this node knows. */
  private stored: StoredState | undefined;
  /** What is in the store or queued for it: an update covered by this is not queued again. */
  private accepted: StoredState | undefined;
  private rowsSinceCompaction = 0;
  private compacting = false;
  /** Bytes the document holds in the store, or is about to: its budget is CHORUS_DOC_MAX_BYTES. */
  private bytes = 0;
  /** Members told yjs-not-saved: the next write that succeeds tells them it is over. */
  private readonly owedSaved = new Set<DocMember>();
  /** While writes fail: when the next attempt is due, for members who join meanwhile. */
  private retryInMs = 0;

  constructor(private readonly deps: RoomSavesDeps) {
    this.flusher = new Flusher({
      delayMs: deps.config.flushDelayMs,
      maxDelayMs: deps.config.flushMaxDelayMs,
      write: (updates) => this.write(updates),
      failed: (error, attempt, retryInMs) => this.writeFailed(error, attempt, retryInMs),
      merge: Y.mergeUpdates,
    });
  }

  /** After a load: the doc holds exactly the `rows` stored updates, `bytes` long together. */
  loaded(rows: number, bytes: number): void {
    this.stored = new StoredState(this.deps.doc);
    this.accepted = new StoredState(this.deps.doc);
    this.rowsSinceCompaction = rows;
    this.bytes = bytes;
  }

  /** Whether storing `size` more bytes would take the document over its budget. */
  wouldExceed(size: number): boolean {
    return this.bytes + size > this.deps.config.maxDocumentBytes;
  }

  /** The state vector of what is stored (yjs-saved). */
  encodeStateVector(): Uint8Array {
    return this.stored?.encodeStateVector() ?? Y.encodeStateVector(new Map());
  }

  /**
   * The state vector clients sync against, and send what it lacks: per
   * client, what is stored and also in the doc. Another node's word can count
   * as stored what the doc never got (a relay that came before this node
   * watched the document, or was lost, and the node that stored it gone
   * before the repair exchange): a client holding it must still send it, or
   * this node's other members never get it.
   */
  encodeSyncStateVector(): Uint8Array {
    const sv = this.stored?.stateVector() ?? new Map<number, number>();
    for (const [client, clock] of sv) sv.set(client, Math.min(clock, Y.getState(this.deps.doc.store, client)));
    return Y.encodeStateVector(sv);
  }

  /**
   * Takes a member's update, already applied to the doc: queues it as
   * received when it holds anything neither stored nor queued (even if the
   * doc had it, relayed by a node that may die before storing it), and
   * records its acknowledgement number. True when some of the member's
   * updates wait for a missing dependency.
   */
  accept(member: DocMember, update: Uint8Array, decoded: DecodedUpdate, ack: number | undefined): boolean {
    if (!this.accepted?.covers(decoded)) {
      this.flusher.add(update);
      this.accepted?.add(rangesOf(decoded));
      this.bytes += update.length;
    }
    if (ack !== undefined) member.expectAck(ack, clocksNeeded(decoded));
    this.flusher.requestAck();
    return member.settleAcks(this.deps.doc);
  }

  /** After the doc changed otherwise (another node, a repair): acknowledgements waiting for it may be due. */
  settleAcks(): void {
    let settled = false;
    for (const member of this.deps.members()) {
      const before = member.lastAck;
      member.settleAcks(this.deps.doc);
      settled ||= member.lastAck !== before;
    }
    if (settled) this.flusher.requestAck();
  }

  /** Another node sharing the store stored these ranges. */
  storedElsewhere(ranges: StoredRanges): void {
    this.stored?.add(ranges);
    this.accepted?.add(ranges);
  }

  /** The server's own update (not a member's): stored as it is. */
  add(update: Uint8Array): void {
    this.flusher.add(update);
  }

  flush(): Promise<void> {
    return this.flusher.flush();
  }

  flushBefore(deadline: number): Promise<boolean> {
    return this.flusher.flushBefore(deadline);
  }

  get hasUnsaved(): boolean {
    return this.flusher.hasPending;
  }

  get failing(): boolean {
    return this.flusher.failing;
  }

  stop(): void {
    this.flusher.stop();
  }

  private async write(updates: Uint8Array[]): Promise<void> {
    // Taken before awaiting: every acknowledgement settled so far belongs to an update in this batch or stored before it.
    const acks = [...this.deps.members()].map((member) => [member, member.lastAck] as const);
    if (updates.length > 0) {
      const batch = updates.length === 1 ? updates[0]! : Y.mergeUpdates(updates);
      await this.deps.store.append(this.deps.key, batch);
      const added = this.stored?.add(rangesOf(Y.decodeUpdate(batch)));
      if (added && (added.inserts.length > 0 || added.deletes.length > 0)) this.deps.wrote(added);
      this.rowsSinceCompaction += 1;
      if (this.rowsSinceCompaction >= this.deps.config.compactAfterRows) void this.compact();
    }
    this.announceSaved(acks);
  }

  private writeFailed(error: unknown, attempt: number, retryInMs: number): void {
    this.deps.log.error('could not store document updates; they are kept and tried again', {
      err: error, doc_id: this.deps.key.docId, attempt, retry_in_ms: retryInMs,
    });
    this.retryInMs = retryInMs;
    for (const member of this.deps.members()) this.tellNotSaved(member);
  }

  private tellNotSaved(member: DocMember): void {
    this.deps.send(member, DocEvent.notSaved, { retry_in_ms: this.retryInMs });
    this.owedSaved.add(member);
  }

  /** A member joined: while writes fail, it hears so now (and hears when they work again). */
  joined(member: DocMember): void {
    if (this.flusher.failing) this.tellNotSaved(member);
  }

  left(member: DocMember): void {
    this.owedSaved.delete(member);
  }

  private async compact(): Promise<void> {
    if (this.compacting) return;
    this.compacting = true;
    try {
      if (await this.deps.store.compact(this.deps.key, Y.mergeUpdates, this.deps.config.compactAfterRows)) {
        this.bytes = (await this.deps.store.info(this.deps.key))?.size ?? this.bytes;
      }
      this.rowsSinceCompaction = 1;
    } catch (error) {
      this.deps.log.error('compaction failed; the log is kept as it is', { err: error, doc_id: this.deps.key.docId });
    } finally {
      this.compacting = false;
    }
  }

  /**
   * Tells this node's members which state is now in the store, so "Saved"
   * means stored, with the last acknowledgement number of theirs it covers.
   * Only members it says something new to: one whose edits it acknowledges,
   * or one told the store was failing. The others wait for nothing (a reader
   * of five would otherwise get one frame per edit for nothing).
   * Not through pub/sub: each node speaks for what it stored.
   */
  private announceSaved(acks: ReadonlyArray<readonly [DocMember, number]>): void {
    let sv: string | undefined;
    const ackOf = new Map(acks);
    for (const member of this.deps.members()) {
      const ack = ackOf.get(member) ?? 0;
      if (ack <= member.announcedAck && !this.owedSaved.has(member)) continue;
      sv ??= toBase64(this.encodeStateVector());
      this.deps.send(member, DocEvent.saved, ack > 0 ? { sv, ack } : { sv });
      member.announcedAck = Math.max(member.announcedAck, ack);
      this.owedSaved.delete(member);
    }
  }
}
