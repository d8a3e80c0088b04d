/**
 * PusherYjsProvider: a Yjs document kept in sync over a Chorus document
 * channel, through the real pusher-js. It satisfies the Provider shape that
 * @lexical/yjs expects (awareness, connect, disconnect, sync / status /
 * update / reload events). It never touches the DOM.
 *
 * On every (re)subscription it sends its unconfirmed edits as made (see
 * unconfirmed.ts), then client-yjs-sync-1; the server answers
 * with what we lack (yjs-sync-2) and its state vector (yjs-sync-1), to which
 * we answer with what the server lacks. Edits then travel as
 * client-yjs-update; "saved" follows the server's yjs-saved.
 */
import { Observable } from 'lib0/observable';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { fromBase64, toBase64 } from '../../shared/doc/base64.js';
import { DocEvent, docChannel } from '../../shared/doc/events.js';
import { canInflate, inflateRaw, SYNC_ENCODING } from '../../shared/doc/inflate.js';
import { isPartPayload, PartAssembler } from '../../shared/doc/parts.js';
import { LeadingEdgeThrottle } from '../../shared/util/throttle.js';
import { UpdateOutbox } from './outbox.js';
import type { ChannelLike, PusherLike } from './pusher-types.js';
import { SaveTracker } from './save-tracker.js';
import { UnconfirmedEdits } from './unconfirmed.js';

export type ProviderStatus = 'connecting' | 'connected' | 'disconnected';
/** The node's store trouble, as it last told us: a write it keeps retrying, or a load it could not do yet. */
export type StoreProblem = 'not-saved' | 'not-loaded';

/**
 * Why the document channel refused this client: the auth endpoint's HTTP
 * status (401 / 403: no access, 404: no such document), or the node's
 * NotFound for a document that does not exist.
 */
export interface Refusal {
  readonly status: number | undefined;
  readonly notFound: boolean;
}

export interface ProviderOptions {
  readonly pusher: PusherLike;
  readonly docId: string;
  readonly doc: Y.Doc;
  /** Viewers do not send updates (the server would refuse them anyway). */
  readonly readOnly?: boolean;
  /** Don't subscribe until connect() is called (the Lexical collaboration plugin calls it). */
  readonly connect?: boolean;
  /**
   * How often to re-run the sync exchange while connected, in ms (0: never;
   * default one minute). Every (re)subscription runs it anyway; this is a net
   * for a message lost on a live connection, which nothing known loses, as
   * y-websocket's resyncInterval is. Each run is a sync-1, the node's sync-2
   * and state vector, and from an editor of a document with deletions an
   * update back (Yjs sends the whole delete set both ways): kept rare.
   */
  readonly resyncIntervalMs?: number;
}

type Events = {
  channel: (channel: ChannelLike) => void;
  sync: (isSynced: boolean) => void;
  status: (event: { status: ProviderStatus }) => void;
  update: (update: unknown) => void;
  reload: (doc: Y.Doc) => void;
  saved: (allSaved: boolean) => void;
  store: (problem: StoreProblem | undefined) => void;
  refused: (refusal: Refusal | undefined) => void;
  progress: (event: { received: number; parts: number }) => void;
  error: (error: { code?: number; message: string }) => void;
};

export class PusherYjsProvider extends Observable<keyof Events> {
  readonly doc: Y.Doc;
  readonly awareness: awarenessProtocol.Awareness;
  readonly channelName: string;
  synced = false;
  status: ProviderStatus = 'disconnected';
  storeProblem: StoreProblem | undefined;
  /** Set while the last subscription attempt was refused; cleared once one succeeds. */
  refusal: Refusal | undefined;
  private channel: ChannelLike | undefined;
  private readonly pusher: PusherLike;
  private readOnly: boolean;
  private readonly outbox: UpdateOutbox;
  private readonly saves = new SaveTracker();
  private readonly unconfirmed = new UnconfirmedEdits();
  private readonly incomingParts = new PartAssembler(256 * 1024 * 1024, 8);
  /** Counts subscriptions: a deflated sync-2 that finishes inflating after a resubscription does not say synced. */
  private subscriptions = 0;
  /** Set while a deflated sync-2 is inflating (it never rejects): until it is applied, the doc lacks what it brings. */
  private inflating: Promise<void> | undefined;
  private readonly awarenessThrottle = new LeadingEdgeThrottle(50, () => this.sendAwareness(), () => this.changedAwareness.size > 0);
  private readonly changedAwareness = new Set<number>();
  private readonly resyncTimer: ReturnType<typeof setInterval> | undefined;

  constructor(options: ProviderOptions) {
    super();
    this.doc = options.doc;
    this.pusher = options.pusher;
    this.readOnly = options.readOnly ?? false;
    this.channelName = docChannel(options.docId);
    this.awareness = new awarenessProtocol.Awareness(this.doc);
    this.outbox = new UpdateOutbox((payload) => this.trigger(DocEvent.update, payload), () => this.saves.nextAckNumber());
    this.doc.on('update', this.onDocUpdate);
    this.awareness.on('update', this.onAwarenessUpdate);
    this.pusher.connection.bind('state_change', this.onConnectionState);
    const resync = options.resyncIntervalMs ?? 60_000;
    if (resync > 0) this.resyncTimer = setInterval(() => this.resync(), resync);
    if (options.connect !== false) this.connect();
  }

  /** The server decides the role; once it is known, the provider stops (or starts) sending edits. */
  setReadOnly(readOnly: boolean): void {
    this.readOnly = readOnly;
    if (readOnly) this.outbox.clear();
  }

  get isReadOnly(): boolean {
    return this.readOnly;
  }

  /** The document channel while subscribed (for presence and whispers on the same channel). */
  get channelHandle(): ChannelLike | undefined {
    return this.channel;
  }

  /** True while some local edit is not yet confirmed stored by the server. */
  get hasUnsavedChanges(): boolean {
    return this.saves.hasUnsaved;
  }

  connect(): void {
    if (this.channel) return;
    this.setStatus('connecting');
    const channel = this.pusher.subscribe(this.channelName);
    this.channel = channel;
    channel.bind('pusher:subscription_succeeded', this.onSubscribed);
    channel.bind('pusher:subscription_error', this.onRefused);
    channel.bind(DocEvent.sync2, this.onSync2);
    channel.bind(DocEvent.serverSync1, this.onServerSync1);
    channel.bind(DocEvent.update, this.onRemoteUpdate);
    channel.bind(DocEvent.serverAwareness, this.onRemoteAwareness);
    channel.bind(DocEvent.saved, this.onSaved);
    channel.bind(DocEvent.notSaved, this.onNotSaved);
    channel.bind(DocEvent.loadFailed, this.onLoadFailed);
    this.emit('channel', [channel]);
    if (channel.subscribed) this.onSubscribed();
  }

  disconnect(): void {
    const channel = this.channel;
    if (!channel) return;
    this.outbox.flush();
    awarenessProtocol.removeAwarenessStates(this.awareness, [this.doc.clientID], 'local');
    this.sendAwareness();
    this.channel = undefined;
    channel.unbind();
    this.pusher.unsubscribe(this.channelName);
    this.outbox.clear();
    this.setSynced(false);
    this.setStatus('disconnected');
  }

  override destroy(): void {
    if (this.resyncTimer) clearInterval(this.resyncTimer);
    this.disconnect();
    this.awarenessThrottle.stop();
    this.pusher.connection.unbind('state_change', this.onConnectionState);
    this.doc.off('update', this.onDocUpdate);
    this.awareness.off('update', this.onAwarenessUpdate);
    this.awareness.destroy();
    super.destroy();
  }

  private resync(): void {
    if (this.status === 'connected' && this.channel?.subscribed) {
      this.sendSync1();
    }
  }

  private readonly onSubscribed = (): void => {
    this.subscriptions += 1;
    this.setRefusal(undefined);
    this.setStatus('connected');
    this.incomingParts.clear();
    this.saves.forgetInFlight();
    // A node whose store fails says so to every member that joins; this one may well work.
    if (this.storeProblem === 'not-saved') this.setStoreProblem(undefined);
    // Our unconfirmed edits as we made them first (see unconfirmed.ts), then the sync exchange.
    const edits = this.readOnly ? undefined : this.unconfirmed.merged();
    if (edits) {
      this.outbox.add(edits);
      this.outbox.flush();
    }
    this.sendSync1();
    this.changedAwareness.add(this.doc.clientID);
    this.sendAwareness();
  };

  private readonly onRefused = (error: { status?: unknown; type?: unknown } | undefined): void => {
    const status = typeof error?.status === 'number' ? error.status : undefined;
    this.setRefusal({ status, notFound: status === 404 || error?.type === 'NotFound' });
  };

  private readonly onSync2 = (data: Record<string, unknown>): void => {
    const bytes = this.receiveBytes(data);
    if (!bytes) return;
    if (data.encoding !== SYNC_ENCODING) return this.applySync2(bytes);
    const subscription = this.subscriptions;
    const inflating: Promise<void> = inflateRaw(bytes).then((update) => {
      // Applying a late answer is harmless (Yjs takes what it lacks); it only says synced for the subscription that asked.
      if (subscription === this.subscriptions) this.applySync2(update);
      else Y.applyUpdate(this.doc, update, this);
    }, (error: unknown) => this.emit('error', [{ message: `Could not inflate the document: ${String(error)}` }]))
      .catch((error: unknown) => this.emit('error', [{ message: `Could not apply the document: ${String(error)}` }]))
      .finally(() => {
        if (this.inflating === inflating) this.inflating = undefined;
      });
    this.inflating = inflating;
  };

  private applySync2(update: Uint8Array): void {
    Y.applyUpdate(this.doc, update, this);
    if (this.storeProblem === 'not-loaded') this.setStoreProblem(undefined);
    this.setSynced(true);
  }

  /** Asks the server for what we lack, offering to take a large answer deflated where we can inflate it. */
  private sendSync1(): void {
    this.trigger(DocEvent.sync1, { sv: toBase64(Y.encodeStateVector(this.doc)), ...(canInflate() ? { encoding: SYNC_ENCODING } : {}) });
  }

  private readonly onServerSync1 = (data: { sv?: unknown }): void => {
    const sv = fromBase64(data.sv);
    if (!sv) return;
    this.pullWhatWeLack(Y.decodeStateVector(sv));
    if (this.readOnly) return;
    const missing = Y.encodeStateAsUpdate(this.doc, sv);
    // An update with no structs and no deletions is two zero bytes; it is still
    // sent when edits await confirmation, so that the server acknowledges them.
    if (missing.length > 2 || this.saves.hasUnsaved) {
      this.outbox.add(missing);
      this.outbox.flush();
    }
  };

  /**
   * The server has something we lack (it announces large updates this way):
   * pull it. The server's state vector follows each sync-2, so it often comes
   * while that sync-2 is still inflating: asking then would fetch the whole
   * document a second time.
   */
  private pullWhatWeLack(remote: Map<number, number>): void {
    const pullIfLacking = (): void => {
      if (lacksSomething(this.doc, remote)) this.sendSync1();
    };
    if (this.inflating) void this.inflating.then(pullIfLacking);
    else pullIfLacking();
  }

  private readonly onRemoteUpdate = (data: Record<string, unknown>): void => {
    const update = this.receiveBytes(data);
    if (update) Y.applyUpdate(this.doc, update, this);
  };

  private readonly onRemoteAwareness = (data: { update?: unknown }): void => {
    const update = fromBase64(data.update);
    if (update) awarenessProtocol.applyAwarenessUpdate(this.awareness, update, this);
  };

  private readonly onSaved = (data: { sv?: unknown; ack?: unknown }): void => {
    const sv = fromBase64(data.sv);
    if (!sv) return;
    this.saves.confirm(Y.decodeStateVector(sv), typeof data.ack === 'number' ? data.ack : undefined);
    this.unconfirmed.confirmThrough(this.saves.confirmedThrough);
    if (this.storeProblem === 'not-saved') this.setStoreProblem(undefined);
    this.emit('saved', [!this.saves.hasUnsaved]);
  };

  private readonly onNotSaved = (): void => this.setStoreProblem('not-saved');

  private readonly onLoadFailed = (): void => this.setStoreProblem('not-loaded');

  private readonly onDocUpdate = (update: Uint8Array, origin: unknown): void => {
    if (origin === this) return;
    this.emit('update', [update]);
    if (this.readOnly) return;
    this.saves.recordLocal(update);
    this.unconfirmed.add(update, this.saves.version);
    if (this.channel?.subscribed && this.status === 'connected') this.outbox.add(update);
  };

  /** Own awareness changes go out at once, then at most once per 50 ms while they keep coming. */
  private readonly onAwarenessUpdate = ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }, origin: unknown): void => {
    if (origin === this) return;
    for (const id of [...added, ...updated, ...removed]) this.changedAwareness.add(id);
    this.awarenessThrottle.poke();
  };

  private readonly onConnectionState = ({ current }: { current: string }): void => {
    if (!this.channel) return;
    if (current === 'connected') return; // pusher-js resubscribes; onSubscribed resyncs
    this.outbox.clear(); // whatever was queued is re-sent by the next sync
    this.setSynced(false);
    this.setStatus(current === 'connecting' ? 'connecting' : 'disconnected');
  };

  private sendAwareness(): void {
    const ids = [...this.changedAwareness].filter((id) => id === this.doc.clientID);
    this.changedAwareness.clear();
    if (ids.length === 0 || !this.channel?.subscribed) return;
    this.trigger(DocEvent.awareness, { update: toBase64(awarenessProtocol.encodeAwarenessUpdate(this.awareness, ids)) });
  }

  /** The bytes of a whole update, or undefined while parts are still arriving. */
  private receiveBytes(data: Record<string, unknown>): Uint8Array | undefined {
    if (!isPartPayload(data)) return fromBase64(data.update);
    const result = this.incomingParts.add(data);
    if (result.kind === 'incomplete') this.emit('progress', [{ received: result.received, parts: result.parts }]);
    if (result.kind === 'invalid') this.emit('error', [{ message: result.reason }]);
    return result.kind === 'complete' ? result.bytes : undefined;
  }

  private trigger(event: string, payload: object): boolean {
    return this.channel?.trigger(event, payload) ?? false;
  }

  private setSynced(synced: boolean): void {
    if (this.synced === synced) return;
    this.synced = synced;
    this.emit('sync', [synced]);
  }

  private setStoreProblem(problem: StoreProblem | undefined): void {
    if (this.storeProblem === problem) return;
    this.storeProblem = problem;
    this.emit('store', [problem]);
  }

  private setRefusal(refusal: Refusal | undefined): void {
    if (this.refusal === refusal) return;
    this.refusal = refusal;
    this.emit('refused', [refusal]);
  }

  private setStatus(status: ProviderStatus): void {
    if (this.status === status) return;
    this.status = status;
    this.emit('status', [{ status }]);
  }
}

function lacksSomething(doc: Y.Doc, remote: Map<number, number>): boolean {
  for (const [client, clock] of remote) {
    if (Y.getState(doc.store, client) < clock) return true;
  }
  return false;
}
