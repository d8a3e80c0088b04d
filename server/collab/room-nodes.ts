/**
 * A document's conversation with the other nodes that hold it: relayed
 * updates, the state-vector exchange that repairs lost messages, and what
 * each node stored. Messages travel as channel-hook payloads through the
 * dispatcher; this node's sockets never see them.
 */
import * as Y from 'yjs';
import { toBase64 } from '../../shared/doc/base64.js';
import type { Dispatcher } from '../pusher/dispatcher.js';
import type { UpdateOrigin } from './member.js';
import { parseRanges, type StoredRanges } from './stored-state.js';

/** Node-to-node messages about a document (hook payload kinds). */
export const NodeMessage = {
  /** data: base64 state vector; "this is what I have". */
  stateVector: 'sv',
  /** data: base64 update; an answer to a state vector, for nodes and their sockets. */
  diff: 'diff',
  /** data: ''; the update is in the frame (a relayed client-yjs-update). */
  relayedUpdate: 'relayed',
  /** data: JSON StoredRanges with the store's id; "I stored this": the others need not store it again. */
  stored: 'stored',
} as const;

export const REMOTE: UpdateOrigin = { kind: 'remote' };
export const REPAIR: UpdateOrigin = { kind: 'repair' };

export interface RoomNodesDeps {
  readonly appId: string;
  readonly channel: string;
  readonly doc: Y.Doc;
  readonly dispatcher: Dispatcher;
  /** Which store this node writes to: another node's "stored" counts only for the same one. */
  readonly storeId: string;
  /** How often to exchange state vectors with the other nodes, in ms. */
  readonly repairIntervalMs: number;
  /** Whether anyone on this node has the document open (nobody: nothing to repair). */
  readonly inUse: () => boolean;
  /** Another node sharing the store stored these ranges. */
  readonly storedElsewhere: (ranges: StoredRanges) => void;
  /** The doc changed from elsewhere: acknowledgements waiting for it may be due. */
  readonly changed: () => void;
}

export class RoomNodes {
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly deps: RoomNodesDeps) {
    this.timer = setInterval(() => this.announceStateVector(), deps.repairIntervalMs);
    this.timer.unref();
  }

  /** Handles another node's message about this document. */
  receive(kind: string, data: string, frame: string | undefined): void {
    if (kind === NodeMessage.relayedUpdate && frame) {
      const update = updateInFrame(frame);
      if (update) Y.applyUpdate(this.deps.doc, update, REMOTE);
      this.deps.changed();
    } else if (kind === NodeMessage.diff) {
      Y.applyUpdate(this.deps.doc, Buffer.from(data, 'base64'), REPAIR);
      this.deps.changed();
    } else if (kind === NodeMessage.stateVector) {
      this.answerStateVector(Buffer.from(data, 'base64'));
    } else if (kind === NodeMessage.stored) {
      const claim = parseRanges(data);
      if (claim?.store === this.deps.storeId) this.deps.storedElsewhere(claim);
    }
  }

  /** Tells the other nodes our state vector; each answers with what we lack and we with what they lack. */
  announceStateVector(): void {
    if (!this.deps.inUse()) return;
    this.publish(NodeMessage.stateVector, toBase64(Y.encodeStateVector(this.deps.doc)));
  }

  /** After a write: what it newly stored, for the nodes that share the store. */
  stored(ranges: StoredRanges): void {
    this.publish(NodeMessage.stored, JSON.stringify({ store: this.deps.storeId, ...ranges }));
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private answerStateVector(theirs: Uint8Array): void {
    const theirMap = Y.decodeStateVector(theirs);
    const diff = Y.encodeStateAsUpdate(this.deps.doc, theirs);
    if (diff.length > 2) this.publish(NodeMessage.diff, toBase64(diff));
    const theyHaveMore = [...theirMap].some(([client, clock]) => Y.getState(this.deps.doc.store, client) < clock);
    if (theyHaveMore) this.announceStateVector();
  }

  private publish(kind: string, data: string): void {
    this.deps.dispatcher.publishToNodes(this.deps.appId, this.deps.channel, { kind, data });
  }
}

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
