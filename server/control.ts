/**
 * The cluster-wide commands a node obeys (ControlMessage): those about its
 * sessions (pusher/control.ts), and restarting when `chorus restart` names this node.
 */
import { applyControl } from './pusher/control.js';
import type { SessionRegistry } from './pusher/sessions.js';
import type { PubSub } from './scaling/pubsub.js';

/** `restart` is absent for a node that cannot restart itself (one not started by `chorus start`). */
export function obeyControl(pubsub: PubSub, sessions: SessionRegistry, restart: (() => void) | undefined): void {
  pubsub.onControl((message) => {
    if (message.type !== 'restart') return applyControl(sessions, message);
    if (message.node === pubsub.nodeId && restart) {
      // Answered first, so that `chorus restart` knows the node heard it before the node goes away.
      pubsub.publishControl({ type: 'restarting', node: pubsub.nodeId, request: message.request });
      restart();
    }
  });
}
