/** Presence members of a channel, and closing every connection of a user. */
import { channelKind } from '../../shared/pusher/channels.js';
import type { ApiContext, ApiResult } from './context.js';
import type { ApiRequest } from './request.js';
import { HttpError } from './respond.js';

export async function channelUsers(ctx: ApiContext, req: ApiRequest): Promise<ApiResult> {
  const name = req.params.channel ?? '';
  if (channelKind(name) !== 'presence') throw new HttpError(400, 'Users are only listed for presence channels');
  const members = await ctx.cluster.members(req.app.id, name);
  return { body: { users: [...members.keys()].map((id) => ({ id })) } };
}

/** Every node closes the user's sockets (with 4009, so pusher-js does not reconnect on its own). */
export function terminateUserConnections(ctx: ApiContext, req: ApiRequest): ApiResult {
  ctx.terminate(req.app.id, req.params.userId ?? '');
  return { body: {} };
}

export async function countConnections(ctx: ApiContext, req: ApiRequest): Promise<ApiResult> {
  return { body: { connections: await ctx.cluster.connections(req.app.id) } };
}
