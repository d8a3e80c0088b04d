import type * as Y from 'yjs';
import type { DocRole } from '../../shared/doc/roles.js';
import type { VersionAuthor } from '../../shared/history/diff-tree.js';
import { PartAssembler } from '../../shared/doc/parts.js';
import { MAX_PARTED_UPDATE_BYTES } from '../../shared/doc/events.js';
import { RateLimiter } from '../pusher/rate-limit.js';
import type { Session } from '../pusher/session.js';
import { isIntegrated, type DecodedUpdate } from './stored-state.js';

/** Acknowledgements kept apart while their updates wait for missing dependencies; beyond, the newest are folded into one. */
const MAX_WAITING_ACKS = 64;
const ASK_FOR_MISSING_EVERY_MS = 1000;

/** One socket on one document: its role, the awareness ids it introduced, its unfinished parts. */
export class DocMember {
  /** Awareness client ids this socket introduced: removed exactly when it leaves. */
  readonly clientIds = new Set<number>();
  readonly parts: PartAssembler;
  readonly limiter: RateLimiter;
  /**
   * The highest acknowledgement number such that this socket's updates up to
   * it are all integrated in the document (0: none asked for). An update
   * that waits for a missing dependency holds back its number and every
   * later one: the client counts an acknowledgement as covering all before it.
   */
  lastAck = 0;
  /** The acknowledgement number last sent to this member in a yjs-saved. */
  announcedAck = 0;
  private readonly waiting: Array<{ readonly ack: number; readonly needs: ReadonlyMap<number, number> }> = [];
  private askedForMissingAt = 0;
  private acksHeld = false;
  /** A large sync-2 is on its way to this socket. */
  syncInFlight = false;
  /** The newest sync-1 that arrived meanwhile (its state vector, and whether it offered deflate): answered when the one in flight is done. */
  nextSync: { readonly stateVector: Uint8Array; readonly deflate: boolean } | undefined;

  /** Who this member is in the document's history: the user id, with the name and colour of its signed user_info. */
  readonly author: VersionAuthor;

  constructor(readonly session: Session, readonly role: DocRole, readonly userId: string, limits: { eventRate: number; partTimeoutMs: number }, userInfo?: unknown) {
    this.limiter = new RateLimiter(limits.eventRate);
    this.parts = new PartAssembler(MAX_PARTED_UPDATE_BYTES, 4, limits.partTimeoutMs);
    const info = (typeof userInfo === 'object' && userInfo !== null ? userInfo : {}) as { name?: unknown; color?: unknown };
    this.author = {
      id: userId,
      ...(typeof info.name === 'string' ? { name: info.name.slice(0, 100) } : {}),
      ...(typeof info.color === 'string' && /^#[0-9a-fA-F]{6}$/.test(info.color) ? { color: info.color } : {}),
    };
  }

  get socketId(): string {
    return this.session.socketId;
  }

  /**
   * Records an applied update's acknowledgement number and the clocks it
   * needs integrated. Past the limit it is folded into the newest entry
   * (the larger number, needing both), which only delays that number.
   */
  expectAck(ack: number, needs: ReadonlyMap<number, number>): void {
    const last = this.waiting.at(-1);
    if (this.waiting.length < MAX_WAITING_ACKS || !last) {
      this.waiting.push({ ack, needs });
      return;
    }
    const folded = new Map(last.needs);
    for (const [client, clock] of needs) folded.set(client, Math.max(folded.get(client) ?? 0, clock));
    this.waiting[this.waiting.length - 1] = { ack: Math.max(ack, last.ack), needs: folded };
  }

  /** An update of this member was refused: no acknowledgement may cover it until the member syncs again. */
  holdAcksUntilSync(): void {
    this.acksHeld = true;
  }

  releaseAcks(): void {
    this.acksHeld = false;
  }

  /** Whether to ask the client for what its updates wait for: at most once a second, so an unanswerable gap is not a loop. */
  shouldAskForMissing(now = Date.now()): boolean {
    if (now - this.askedForMissingAt < ASK_FOR_MISSING_EVERY_MS) return false;
    this.askedForMissingAt = now;
    return true;
  }

  /** Moves lastAck past every update now integrated; true when some still wait for a dependency. */
  settleAcks(doc: Y.Doc): boolean {
    if (this.acksHeld) return true;
    while (this.waiting.length > 0 && isIntegrated(doc, this.waiting[0]!.needs)) this.lastAck = Math.max(this.lastAck, this.waiting.shift()!.ack);
    return this.waiting.length > 0;
  }
}

/**
 * Where a Yjs update came from. Updates from a socket are relayed and stored;
 * remote ones (another node's relay, which this node's sockets got as well)
 * are neither; repairs (another node's answer to a state vector) are sent to
 * this node's sockets only; local ones (the server itself: restores, rescued
 * text) are stored and relayed to everyone, and name whom they were made for.
 */
export type UpdateOrigin =
  | { readonly kind: 'socket'; readonly member: DocMember; readonly decoded?: DecodedUpdate }
  | { readonly kind: 'remote' }
  | { readonly kind: 'repair' }
  | { readonly kind: 'local'; readonly by?: VersionAuthor };
