/**
 * The cluster-wide commands a node obeys (ControlMessage): closing a user's
 * sockets everywhere, and restarting when `chorus restart` names this node.
 */
import type { SessionRegistry } from './pusher/sessions.js';
import type { PubSub } from './scaling/pubsub.js';

/** `restart` is absent for a node that cannot restart itself (one not started by `chorus start`). */
export function obeyControl(pubsub: PubSub, sessions: SessionRegistry, restart: (() => void) | undefined): void {
  pubsub.onControl((message) => {
    if (message.type === 'terminate') {
      for (const session of [...sessions.forApp(message.appId)]) {
        if (session.userIds().has(message.userId)) session.connection.close(4009, 'Connection terminated by the server');
      }
    }
    if (message.type === 'restart' && message.node === pubsub.nodeId && restart) {
      // Answered first, so that `chorus restart` knows the node heard it before the node goes away.
      pubsub.publishControl({ type: 'restarting', node: pubsub.nodeId, request: message.request });
      restart();
    }
  });
}
