/**
 * The cluster-wide commands a node obeys (ControlMessage): those about its
 * sessions (pusher/control.ts), watchlist news, and restarting when
 * `chorus restart` names this node.
 */
import { applyControl } from './pusher/control.js';
import type { SessionRegistry } from './pusher/sessions.js';
import type { PubSub } from './scaling/pubsub.js';

export interface ControlParts {
  readonly sessions: SessionRegistry;
  /** A user came online or went offline somewhere: for watchlists. */
  readonly watchlist: (appId: string, userId: string, online: boolean) => void;
  /** Absent for a node that cannot restart itself (one not started by `chorus start`). */
  readonly restart?: () => void;
}

export function obeyControl(pubsub: PubSub, parts: ControlParts): void {
  pubsub.onControl((message) => {
    if (message.type === 'watchlist') return parts.watchlist(message.appId, message.userId, message.online);
    if (message.type !== 'restart') return applyControl(parts.sessions, message);
    if (message.node === pubsub.nodeId && parts.restart) {
      // Answered first, so that `chorus restart` knows the node heard it before the node goes away.
      pubsub.publishControl({ type: 'restarting', node: pubsub.nodeId, request: message.request });
      parts.restart();
    }
  });
}
