/**
 * Cache channels: right after pusher_internal:subscription_succeeded a new
 * subscriber gets the channel's last event, or `pusher:cache_miss` when there
 * is none (and the cluster's first miss of an empty spell is reported, for
 * the cache_miss webhook).
 */
import { PusherEvent } from '../../shared/pusher/events.js';
import { encodeServerFrame } from '../../shared/pusher/frames.js';
import type { Channel } from '../channels/channel.js';
import type { ChannelCache } from '../scaling/channel-cache.js';
import type { Activity } from './activity.js';
import type { Session } from './session.js';

export interface CacheDeliveryContext {
  readonly cache: ChannelCache;
  readonly activity: Activity;
}

/**
 * `deliveredBefore` is the channel's count of cached events delivered when
 * the socket joined: if it moved while the cache was read, the socket got
 * that event live, and it is at least as new as anything read.
 */
export async function sendCached(ctx: CacheDeliveryContext, session: Session, channel: Channel, deliveredBefore: number): Promise<void> {
  const appId = session.app.id;
  const cached = await ctx.cache.get(appId, channel.name);
  if (channel.cachedDeliveries !== deliveredBefore) return;
  if (cached) return session.send(encodeServerFrame(cached.event.event, cached.event.data, channel.name));
  session.send(encodeServerFrame(PusherEvent.cacheMiss, {}, channel.name));
  if (ctx.activity.wants(appId, 'cache_miss') && (await ctx.cache.claimMiss(appId, channel.name))) ctx.activity.cacheMissed(appId, channel.name);
}
