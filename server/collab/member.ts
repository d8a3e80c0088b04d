import type { DocRole } from '../../shared/doc/roles.js';
import { PartAssembler } from '../../shared/doc/parts.js';
import { MAX_PARTED_UPDATE_BYTES } from '../../shared/doc/events.js';
import { RateLimiter } from '../pusher/rate-limit.js';
import type { Session } from '../pusher/session.js';

/** One socket on one document: its role, the awareness ids it introduced, its unfinished parts. */
export class DocMember {
  /** Awareness client ids this socket introduced: removed exactly when it leaves. */
  readonly clientIds = new Set<number>();
  readonly parts = new PartAssembler(MAX_PARTED_UPDATE_BYTES);
  readonly limiter: RateLimiter;
  /** The highest acknowledgement number of this socket's applied updates (0: none asked for). */
  lastAck = 0;

  constructor(readonly session: Session, readonly role: DocRole, readonly userId: string, eventRate: number) {
    this.limiter = new RateLimiter(eventRate);
  }

  get socketId(): string {
    return this.session.socketId;
  }
}

/**
 * Where a Yjs update came from. Updates from a socket are relayed and stored;
 * remote ones (another node's relay, which this node's sockets got as well)
 * are neither; repairs (another node's answer to a state vector) are sent to
 * this node's sockets only; local ones (the server itself) are stored and
 * relayed to everyone.
 */
export type UpdateOrigin =
  | { readonly kind: 'socket'; readonly member: DocMember }
  | { readonly kind: 'remote' }
  | { readonly kind: 'repair' }
  | { readonly kind: 'local' };
