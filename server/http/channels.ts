/** GET /apps/{id}/channels and /channels/{name}: what is occupied, and by how many. */
import { channelKind } from '../../shared/pusher/channels.js';
import { channelFigures, parseInfo } from './channel-info.js';
import type { ApiContext, ApiResult } from './context.js';
import type { ApiRequest } from './request.js';
import { HttpError } from './respond.js';

export function listChannels(ctx: ApiContext, req: ApiRequest): ApiResult {
  const prefix = req.query.get('filter_by_prefix') ?? '';
  const info = parseInfo(req.query.get('info') ?? undefined);
  if (info.includes('user_count') && !prefix.startsWith('presence-')) {
    throw new HttpError(400, 'info=user_count needs filter_by_prefix=presence-');
  }
  const channels: Record<string, Record<string, number>> = {};
  for (const channel of ctx.channels.for(req.app.id).all()) {
    if (!channel.name.startsWith(prefix)) continue;
    channels[channel.name] = channelFigures(channel.name, channel, info);
  }
  return { body: { channels } };
}

export function showChannel(ctx: ApiContext, req: ApiRequest): ApiResult {
  const name = req.params.channel ?? '';
  const info = parseInfo(req.query.get('info') ?? undefined);
  if (info.includes('user_count') && channelKind(name) !== 'presence') {
    throw new HttpError(400, 'user_count is only available for presence channels');
  }
  const channel = ctx.channels.for(req.app.id).find(name);
  return { body: { occupied: channel !== undefined, ...channelFigures(name, channel, info) } };
}
