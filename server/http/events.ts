/** POST /apps/{id}/events and /batch_events: publish server events to channels. */
import { channelKind, channelNameProblem, isCacheChannel, userChannelOwner } from '../../shared/pusher/channels.js';
import { dataAsString, isPlainObject } from '../../shared/pusher/frames.js';
import type { AppConfig } from '../config/types.js';
import { channelFigures, parseInfo, type InfoField } from './channel-info.js';
import type { ApiContext, ApiResult } from './context.js';
import type { ApiRequest } from './request.js';
import { HttpError } from './respond.js';

interface ServerEvent {
  readonly name: string;
  readonly data: string;
  readonly channels: string[];
  readonly socketId?: string;
  readonly info: InfoField[];
}

const MAX_EVENT_NAME = 200;
const SOCKET_ID = /^\d+\.\d+$/;

export async function triggerEvent(ctx: ApiContext, req: ApiRequest): Promise<ApiResult> {
  const event = parseEvent(req.app, req.body, ctx.maxChannelNameLength, true);
  await publish(ctx, req.app, event);
  if (event.info.length === 0) return { body: {} };
  const channels: Record<string, Record<string, unknown>> = Object.create(null) as Record<string, Record<string, unknown>>; // channel names are keys: "__proto__" too
  for (const name of event.channels) channels[name] = await channelFigures(ctx, req.app.id, name, event.info);
  return { body: { channels } };
}

export async function triggerBatch(ctx: ApiContext, req: ApiRequest): Promise<ApiResult> {
  const batch = isPlainObject(req.body) ? req.body.batch : undefined;
  if (!Array.isArray(batch)) throw new HttpError(400, 'Body must be { "batch": [ ...events ] }');
  if (batch.length > req.app.maxBatchSize) {
    throw new HttpError(400, `Batch of ${batch.length} events is over the limit of ${req.app.maxBatchSize}`);
  }
  // Validate every event before publishing any, so a bad batch publishes nothing.
  const events = batch.map((raw) => parseEvent(req.app, raw, ctx.maxChannelNameLength, false));
  for (const event of events) await publish(ctx, req.app, event);
  const results = await Promise.all(events.map((e) => channelFigures(ctx, req.app.id, e.channels[0] ?? '', e.info)));
  return { body: { batch: results } };
}

/** Cache channels keep the event (before it is published, so a subscriber never reads an older one after it). */
async function publish(ctx: ApiContext, app: AppConfig, event: ServerEvent): Promise<void> {
  const cached = event.channels.filter(isCacheChannel);
  await Promise.all(cached.map((channel) => ctx.cache.put(app.id, channel, { event: event.name, data: event.data })));
  for (const channel of event.channels) {
    ctx.dispatcher.publish(app.id, channel, event.name, event.data, {
      ...(event.socketId ? { except: event.socketId } : {}),
      ...(isCacheChannel(channel) ? { cached: true } : {}),
    });
  }
}

function parseEvent(app: AppConfig, raw: unknown, maxNameLength: number, multi: boolean): ServerEvent {
  if (!isPlainObject(raw)) throw new HttpError(400, 'An event must be a JSON object');
  const { name, data, socket_id: socketId } = raw;
  if (typeof name !== 'string' || name.length === 0) throw new HttpError(400, 'Event "name" is required');
  if (name.length > MAX_EVENT_NAME) throw new HttpError(400, `Event name is longer than ${MAX_EVENT_NAME} characters`);
  const channels = readChannels(raw, app, multi);
  for (const channel of channels) {
    // `#server-to-user-{id}` is how the SDKs' sendToUser reaches a signed-in user; other `#` names are reserved.
    const problem = userChannelOwner(channel, maxNameLength) === undefined ? channelNameProblem(channel, maxNameLength) : undefined;
    if (problem) throw new HttpError(400, `Invalid channel "${String(channel).slice(0, 64)}": ${problem}`);
  }
  const text = dataAsString(data);
  const size = Buffer.byteLength(text);
  if (size > app.maxEventBytes) throw new HttpError(413, `Event data of ${size} bytes is over the ${app.maxEventBytes}-byte limit`);
  if (socketId !== undefined && (typeof socketId !== 'string' || !SOCKET_ID.test(socketId))) {
    throw new HttpError(400, 'socket_id must look like "123.456"');
  }
  const info = parseInfo(raw.info);
  return socketId === undefined ? { name, data: text, channels, info } : { name, data: text, channels, socketId, info };
}

function readChannels(raw: Record<string, unknown>, app: AppConfig, multi: boolean): string[] {
  const channels = multi && raw.channels !== undefined ? raw.channels : raw.channel !== undefined ? [raw.channel] : undefined;
  if (!Array.isArray(channels) || channels.length === 0) {
    throw new HttpError(400, multi ? 'Give "channel" or a non-empty "channels" list' : 'Each batch event needs a "channel"');
  }
  if (channels.length > app.maxChannelsPerEvent) {
    throw new HttpError(400, `${channels.length} channels is over the limit of ${app.maxChannelsPerEvent} per event`);
  }
  if (!channels.every((c): c is string => typeof c === 'string')) throw new HttpError(400, 'Channel names must be strings');
  // As Pusher: each encrypted channel's data is encrypted with that channel's own key.
  if (channels.length > 1 && channels.some((c) => channelKind(c) === 'encrypted')) {
    throw new HttpError(400, 'Publish to an encrypted channel on its own: its data is encrypted for that channel alone');
  }
  return channels;
}
