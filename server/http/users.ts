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

/** Every node closes the user's sockets (with 4009, so pusher-js does not reconnect on its own). */
export function terminateUserConnections(ctx: ApiContext, req: ApiRequest): ApiResult {
  ctx.terminate(req.app.id, req.params.userId ?? '');
  return { body: {} };
}

export function countConnections(ctx: ApiContext, req: ApiRequest): ApiResult {
  return { body: { connections: ctx.sessions.countFor(req.app.id) } };
}
