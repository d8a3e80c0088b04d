/**
 * One open document: its Y.Doc, members, awareness and unsaved updates.
 * Work on a room runs one task at a time (load, then each sync or update in
 * arrival order), so a sync-1 answered after an update reflects it.
 */
import * as Y from 'yjs';
import { toBase64 } from '../../shared/doc/base64.js';
import { DocEvent, MAX_UPDATE_BYTES } from '../../shared/doc/events.js';
import { PusherEvent } from '../../shared/pusher/events.js';
import { encodeServerFrame } from '../../shared/pusher/frames.js';
import type { Logger } from '../observability/log.js';
import type { Dispatcher } from '../pusher/dispatcher.js';
import { PusherError } from '../pusher/errors.js';
import { retryDelay } from './flusher.js';
import type { DocMember, UpdateOrigin } from './member.js';
import { RoomAwareness } from './room-awareness.js';
import type { DocumentBudget } from './document-budget.js';
import { RoomSaves } from './room-saves.js';
import { RoomSync } from './room-sync.js';
import type { DocKey, DocumentStore } from './store.js';
import type { DecodedUpdate } from './stored-state.js';
import { NodeMessage, REMOTE, RoomNodes } from './room-nodes.js';
import type { DocumentsConfig } from '../config/types.js';
import type { VersionAuthor } from '../../shared/history/diff-tree.js';
import { collectAllButContainers } from './history/orphans.js';
import type { VersionLog } from './history/version-log.js';
import { AwaitedRestores } from './awaited-restores.js';
import { RoomHistory } from './room-history.js';
import { RoomRescue } from './room-rescue.js';

export interface RoomDeps {
  readonly store: DocumentStore;
  readonly dispatcher: Dispatcher;
  readonly config: DocumentsConfig;
  /** Content for a document that does not exist yet (an empty paragraph). */
  readonly seed: () => Promise<Uint8Array>;
  readonly log: Logger;
  /** Documents an app may have and create: opening an unknown id creates one when the config allows it. */
  readonly budget: Pick<DocumentBudget, 'refusal'>;
  /** Which store this node writes to (no credentials): nodes trust each other's "stored" only for the same store. */
  readonly storeId: string;
  /** Set when several nodes may hold this document: how often to exchange state vectors with them. */
  readonly repairIntervalMs?: number;
  /** The documents' versions in the store. */
  readonly versions: VersionLog;
}

/** The document could not be loaded from the store (yet): nothing was done. */
export class DocumentNotLoaded extends Error {}

export class DocRoom {
  /** Deleted blocks stay items (not their content), so text typed into one at the moment it goes can be rescued. */
  readonly doc: Y.Doc;
  readonly members = new Map<string, DocMember>();
  readonly awareness: RoomAwareness;
  readonly history: RoomHistory;
  /** Restores editors announced they make in their own editor. */
  readonly restores = new AwaitedRestores();
  private readonly rescue: RoomRescue;
  private readonly saves: RoomSaves;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly answers: RoomSync;
  /** Set when several nodes may hold this document. */
  private readonly nodes: RoomNodes | undefined;
  /** Until the stored state is in, the room answers with yjs-load-failed rather than an empty document. */
  private loaded = false;
  private loadFailures = 0;
  private loadRetry: NodeJS.Timeout | undefined;
  private destroyed = false;

  constructor(readonly key: DocKey, readonly channel: string, private readonly deps: RoomDeps) {
    // The guid names the document (the default, a random UUID, costs 31 getRandomValues calls).
    this.doc = new Y.Doc({ gc: true, gcFilter: collectAllButContainers, guid: channel });
    this.awareness = new RoomAwareness(this.doc, () => awarenessInterval(deps.config, this.members.size), (update) =>
      deps.dispatcher.publish(key.appId, channel, DocEvent.serverAwareness, { update: toBase64(update) }), deps.config.maxAwarenessIdsPerMember);
    this.saves = new RoomSaves({
      key, doc: this.doc, store: deps.store, config: deps.config, log: deps.log,
      members: () => this.members.values(),
      send: (member, event, data) => this.sendTo(member, event, data),
      wrote: (ranges) => this.nodes?.stored(ranges),
    });
    this.answers = new RoomSync({
      doc: this.doc, channel, log: deps.log,
      syncStateVector: () => this.saves.encodeSyncStateVector(),
      isMember: (member) => this.members.get(member.socketId) === member,
      answerLater: (member, stateVector, deflate) => void this.run(() => this.sync(member, stateVector, deflate)),
    });
    this.doc.on('update', this.onUpdate);
    const run = <T>(work: () => T | Promise<T>): Promise<T | undefined> => this.run(work);
    const applyLocal = (update: Uint8Array, by: VersionAuthor | undefined): void => this.applyLocal(update, by);
    const { versions, log } = deps;
    this.history = new RoomHistory({
      key, doc: this.doc, versions, log, run, applyLocal, flush: () => this.flush(),
      timing: { quietMs: deps.config.versionQuietMs, stretchMs: deps.config.versionStretchMs },
    });
    this.rescue = new RoomRescue({ key, doc: this.doc, versions, log, run, applyLocal });
    if (deps.repairIntervalMs) {
      this.nodes = new RoomNodes({
        appId: key.appId, channel, doc: this.doc, dispatcher: deps.dispatcher, storeId: deps.storeId, repairIntervalMs: deps.repairIntervalMs,
        inUse: () => this.members.size > 0,
        storedElsewhere: (ranges) => this.saves.storedElsewhere(ranges),
        changed: () => this.saves.settleAcks(),
      });
    }
  }

  /** Runs work on the queue once the document is loaded; unlike run, the caller gets its result or its error. */
  whenLoaded<T>(work: () => Promise<T>): Promise<T> {
    return new Promise((resolve, reject) => {
      void this.run(async () => {
        if (!this.loaded) return reject(new DocumentNotLoaded('The document could not be loaded from the store; try again shortly'));
        await work().then(resolve, reject);
      });
    });
  }

  /** The server's own change (a restore, rescued text), made for `by`: stored and relayed like any update. */
  applyLocal(update: Uint8Array, by: VersionAuthor | undefined): void {
    Y.applyUpdate(this.doc, update, { kind: 'local', ...(by ? { by } : {}) } satisfies UpdateOrigin);
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

  /**
   * Loads the stored state, creating the document (seeded once, server-side)
   * when it does not exist. When the store fails, members are told and the
   * load is tried again with back-off; nobody is served an empty document.
   */
  async load(): Promise<void> {
    this.loadRetry = undefined;
    if (this.destroyed) return;
    try {
      let stored = await this.deps.store.load(this.key);
      if (!stored) {
        if (!this.deps.config.createOnOpen) return this.refuseMissing();
        const refusal = await this.deps.budget.refusal(this.key.appId);
        if (refusal) return this.refuseCreation(refusal);
        await this.deps.store.create(this.key, await this.deps.seed());
        stored = (await this.deps.store.load(this.key)) ?? [];
      }
      Y.transact(this.doc, () => {
        for (const update of stored) Y.applyUpdate(this.doc, update, REMOTE);
      }, REMOTE);
      this.saves.loaded(stored.length, stored.reduce((total, row) => total + row.length, 0));
    } catch (error) {
      this.loadFailures += 1;
      const retryInMs = retryDelay(this.loadFailures);
      this.deps.log.error('could not load document; trying again', { err: error, doc_id: this.key.docId, attempt: this.loadFailures, retry_in_ms: retryInMs });
      for (const member of this.members.values()) this.sendTo(member, DocEvent.loadFailed, { retry_in_ms: retryInMs });
      if (this.destroyed) return;
      this.loadRetry = setTimeout(() => void this.run(() => this.load()), retryInMs);
      this.loadRetry.unref();
      return;
    }
    this.loaded = true;
    // Members refused while the store failed pull the document now (they lack everything it holds).
    if (this.loadFailures > 0) for (const member of this.members.values()) this.sendTo(member, DocEvent.serverSync1, { sv: toBase64(this.saves.encodeSyncStateVector()) });
    this.loadFailures = 0;
    // Other nodes may hold edits not yet stored: ask them for what we lack.
    this.nodes?.announceStateVector();
  }

  /** Opening an id that does not exist would create a document over the app's budget: the members are told, nothing is made. */
  private refuseCreation(reason: string): void {
    this.deps.log.warn('document not created: over budget', { doc_id: this.key.docId, reason });
    for (const member of this.members.values()) member.session.send(new PusherError('overBudget', reason).toFrame());
  }

  /**
   * The document does not exist and opening may not create it (the channel
   * hook refuses such subscriptions; this is a member that got past it while
   * its check could not reach the store): members are told it is not found.
   */
  private refuseMissing(): void {
    const refusal = encodeServerFrame(PusherEvent.subscriptionError, { type: 'NotFound', error: `No document ${this.key.docId}`, status: 404 }, this.channel);
    for (const member of this.members.values()) member.session.send(refusal);
  }

  /** True while the store fails this document (a load or a write): for /up. */
  get storeFailing(): boolean {
    return this.loadFailures > 0 || this.saves.failing;
  }

  /** Handles another node's message about this document. */
  fromNode(kind: string, data: string, frame: string | undefined): void {
    // Before the load, the doc must hold nothing but what the store gives it; the repair exchange after the load catches up.
    if (this.loaded) this.nodes?.receive(kind, data, frame);
  }

  /** Answers a client's sync-1 (room-sync.ts), once the document is loaded. */
  sync(member: DocMember, stateVector: Uint8Array, deflate = false): void {
    if (!this.readyFor(member)) return;
    member.releaseAcks(); // what was refused before comes again in its answer to our state vector
    this.answers.answer(member, stateVector, deflate);
  }

  /**
   * Applies an editor's update. Anything in it this node has not stored is
   * stored as received (even what the doc holds already, relayed by a node
   * that may die before storing it). `ack` is confirmed once the update is
   * stored and integrated; one waiting for a missing dependency is held back
   * and the member is asked, with the stored state vector, to send it. An
   * update that brings a restore the member announced gets the versions
   * around it (see awaited-restores.ts).
   */
  applyFromMember(member: DocMember, update: Uint8Array, decoded: DecodedUpdate, ack: number | undefined): void | Promise<void> {
    if (!this.readyFor(member)) return;
    if (this.saves.wouldExceed(update.length)) {
      // Refused whole; later acknowledgements would cover it, so none is given until the member syncs again.
      member.holdAcksUntilSync();
      member.session.send(new PusherError('overBudget', `The document is at its size budget of ${this.deps.config.maxDocumentBytes} bytes (CHORUS_DOC_MAX_BYTES)`).toFrame());
      return;
    }
    const restore = this.restores.arriving(member.userId, decoded);
    if (!restore) return this.integrate(member, update, decoded, ack);
    let applied = false;
    const done = this.history.bracket(restore.restoredFrom, () => {
      applied = true;
      this.integrate(member, update, decoded, ack);
    });
    restore.settle(done);
    // Versions the store failed to take do not cost the edit.
    return done.then(() => undefined, (error: unknown) => {
      if (!applied) this.integrate(member, update, decoded, ack);
      throw error;
    });
  }

  private integrate(member: DocMember, update: Uint8Array, decoded: DecodedUpdate, ack: number | undefined): void {
    try {
      Y.applyUpdate(this.doc, update, { kind: 'socket', member, decoded } satisfies UpdateOrigin);
    } catch (error) {
      // The channel hook tries every update on an empty document first; this is the net under that check.
      this.deps.log.error('an update that passed the checks failed to apply', { err: error, doc_id: this.key.docId, socket_id: member.socketId });
      member.session.send(new PusherError('invalidUpdate').toFrame());
      return;
    }
    const waiting = this.saves.accept(member, update, decoded, ack);
    if (waiting && member.shouldAskForMissing()) this.sendTo(member, DocEvent.serverSync1, { sv: toBase64(this.saves.encodeSyncStateVector()) });
    // Other members' updates may have waited for this one.
    this.saves.settleAcks();
  }

  join(member: DocMember): void {
    this.members.set(member.socketId, member);
    this.saves.joined(member);
    void this.run(() => {
      const states = this.awareness.snapshot();
      if (states) this.sendTo(member, DocEvent.serverAwareness, { update: toBase64(states) });
    });
  }

  leave(socketId: string): void {
    const member = this.members.get(socketId);
    if (!member) return;
    this.members.delete(socketId);
    this.saves.left(member);
    member.parts.clear();
    this.awareness.removeMember(member);
  }

  /** Writes everything unsaved now. */
  flush(): Promise<void> {
    return this.saves.flush();
  }

  /** Keeps trying to store everything unsaved until `deadline` (epoch ms); true when stored. */
  flushBefore(deadline: number): Promise<boolean> {
    return this.saves.flushBefore(deadline);
  }

  get hasUnsaved(): boolean {
    return this.saves.hasUnsaved;
  }

  destroy(): void {
    this.destroyed = true;
    this.history.stop();
    this.rescue.stop();
    this.nodes?.stop();
    if (this.loadRetry) clearTimeout(this.loadRetry);
    this.saves.stop();
    this.awareness.destroy();
    this.answers.changed();
    this.doc.off('update', this.onUpdate);
    this.doc.destroy();
  }

  private readonly onUpdate = (update: Uint8Array, origin: unknown): void => {
    this.answers.changed();
    const from = origin as UpdateOrigin | undefined;
    if (!from || from.kind === 'remote') return;
    if (from.kind === 'repair') {
      // Our sockets never saw it: hand it to them directly, not to the other nodes again.
      const frame = encodeServerFrame(DocEvent.update, { update: toBase64(update) }, this.channel);
      for (const member of this.members.values()) member.session.send(frame);
      return;
    }
    // A member's update is stored as received (applyFromMember); the server's own are stored from here.
    if (from.kind === 'local') this.saves.add(update);
    this.relay(update, from.kind === 'socket' ? from.member : undefined);
  };

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

  /** True once the stored state is loaded; until then false, having told the member to wait. */
  private readyFor(member: DocMember): boolean {
    if (this.loaded) return true;
    this.sendTo(member, DocEvent.loadFailed, { retry_in_ms: this.loadRetry ? retryDelay(this.loadFailures) : 0 });
    return false;
  }

  private sendTo(member: DocMember, event: string, data: unknown): void {
    member.session.send(encodeServerFrame(event, data, this.channel));
  }
}

/**
 * How long a room's cursor broadcasts pause after one goes out: each is a
 * frame to every member, so the pause grows with the members, keeping a
 * room's cursor frames within `awarenessDeliveryRate` a second, and at most
 * `awarenessIntervalMs`. A small room sends every move almost at once.
 */
export function awarenessInterval(config: Pick<DocumentsConfig, 'awarenessIntervalMs' | 'awarenessDeliveryRate'>, members: number): number {
  return Math.min(config.awarenessIntervalMs, (members * 1000) / config.awarenessDeliveryRate);
}
