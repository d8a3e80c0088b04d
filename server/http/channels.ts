/** GET /apps/{id}/channels and /channels/{name}: what is occupied, and by how many. */
import { channelKind, isInternalChannel } from '../../shared/pusher/channels.js';
import { channelFigures, parseInfo } from './channel-info.js';
import type { ApiContext, ApiResult } from './context.js';
import type { ApiRequest } from './request.js';
import { HttpError } from './respond.js';

export async function listChannels(ctx: ApiContext, req: ApiRequest): Promise<ApiResult> {
  const prefix = req.query.get('filter_by_prefix') ?? '';
  const info = parseInfo(req.query.get('info') ?? undefined);
  if (info.includes('user_count') && !prefix.startsWith('presence-')) {
    throw new HttpError(400, 'info=user_count needs filter_by_prefix=presence-');
  }
  const subscriptions = await ctx.cluster.subscriptions(req.app.id);
  const channels: Record<string, Record<string, unknown>> = Object.create(null) as Record<string, Record<string, unknown>>; // channel names are keys: "__proto__" too
  for (const [name, count] of subscriptions) {
    if (count <= 0 || !name.startsWith(prefix) || isInternalChannel(name)) continue;
    channels[name] = await channelFigures(ctx, req.app.id, name, info, subscriptions);
  }
  return { body: { channels } };
}

export async function showChannel(ctx: ApiContext, req: ApiRequest): Promise<ApiResult> {
  const name = req.params.channel ?? '';
  const info = parseInfo(req.query.get('info') ?? undefined, ['subscription_count', 'user_count', 'cache']);
  if (info.includes('user_count') && channelKind(name) !== 'presence') {
    throw new HttpError(400, 'user_count is only available for presence channels');
  }
  const subscriptions = await ctx.cluster.subscriptions(req.app.id);
  const occupied = (subscriptions.get(name) ?? 0) > 0;
  return { body: { occupied, ...(await channelFigures(ctx, req.app.id, name, info, subscriptions)) } };
}
