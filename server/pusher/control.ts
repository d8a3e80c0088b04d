/**
 * What a node does with the cluster-wide commands about its sessions:
 * `terminate` closes a user's connections for good (4009, pusher-js does not
 * come back on its own); `reauthorize` makes a channel's subscribers
 * reconnect at once (4200), so each subscription is signed again under the
 * access rules as they are now (after share links were revoked, say).
 */
import type { ControlMessage } from '../scaling/pubsub.js';
import { PusherError } from './errors.js';
import type { SessionRegistry } from './sessions.js';

export function applyControl(sessions: SessionRegistry, message: ControlMessage): void {
  if (message.type === 'terminate') {
    for (const session of [...sessions.forApp(message.appId)]) {
      if (session.userIds().has(message.userId)) session.connection.close(4009, 'Connection terminated by the server');
    }
  } else if (message.type === 'reauthorize') {
    const error = new PusherError('reconnect', 'Access to this channel changed; reconnect');
    for (const session of [...sessions.forApp(message.appId)]) {
      const member = session.channels.get(message.channel);
      if (!member || (message.keepUserId !== undefined && member.userId === message.keepUserId)) continue;
      session.connection.send(error.toFrame());
      session.connection.close(error.code, error.message);
    }
  }
}
