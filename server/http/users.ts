/** Presence members of a channel, and closing every connection of a user. */
import { channelKind } from '../../shared/pusher/channels.js';
import type { ApiContext, ApiResult } from './context.js';
import type { ApiRequest } from './request.js';
import { HttpError } from './respond.js';

export function channelUsers(ctx: ApiContext, req: ApiRequest): ApiResult {
  const name = req.params.channel ?? '';
  if (channelKind(name) !== 'presence') throw new HttpError(400, 'Users are only listed for presence channels');
  const ids = ctx.channels.for(req.app.id).find(name)?.roster?.userIds() ?? [];
  return { body: { users: ids.map((id) => ({ id })) } };
}

/** Closes with 4009 (unauthorized) so pusher-js does not reconnect on its own. */
export function terminateUserConnections(ctx: ApiContext, req: ApiRequest): ApiResult {
  const userId = req.params.userId ?? '';
  for (const session of [...ctx.sessions.forApp(req.app.id)]) {
    if (session.userIds().has(userId)) session.connection.close(4009, 'Connection terminated by the server');
  }
  return { body: {} };
}

export function countConnections(ctx: ApiContext, req: ApiRequest): ApiResult {
  return { body: { connections: ctx.sessions.countFor(req.app.id) } };
}
