/** Occupancy figures for the events and channels endpoints, from the info=… parameter, cluster-wide. */
import { channelKind, isCacheChannel } from '../../shared/pusher/channels.js';
import type { ChannelCache } from '../scaling/channel-cache.js';
import type { ClusterState } from '../scaling/cluster-state.js';
import { HttpError } from './respond.js';

export type InfoField = 'subscription_count' | 'user_count' | 'cache';

/** Where the figures come from. */
export interface InfoSources {
  readonly cluster: ClusterState;
  readonly cache: ChannelCache;
}

/** `allowed`: what the endpoint offers (the cache only for one channel, as Pusher's API). */
export function parseInfo(value: unknown, allowed: readonly InfoField[] = ['subscription_count', 'user_count']): InfoField[] {
  if (value === undefined || value === null || value === '') return [];
  if (typeof value !== 'string') throw new HttpError(400, 'info must be a comma-separated string');
  const fields = value.split(',').map((s) => s.trim()).filter(Boolean);
  for (const field of fields) {
    if (!(allowed as readonly string[]).includes(field)) {
      throw new HttpError(400, `Unknown info attribute "${field.slice(0, 40)}" (use ${allowed.join(', ')})`);
    }
  }
  return fields as InfoField[];
}

/** The requested figures for one channel; user_count only exists for presence channels. */
export async function channelFigures(
  sources: InfoSources,
  appId: string,
  name: string,
  fields: readonly InfoField[],
  subscriptions?: Map<string, number>,
): Promise<Record<string, unknown>> {
  const figures: Record<string, unknown> = {};
  if (fields.includes('subscription_count')) figures.subscription_count = (subscriptions ?? (await sources.cluster.subscriptions(appId))).get(name) ?? 0;
  if (fields.includes('user_count') && channelKind(name) === 'presence') figures.user_count = await sources.cluster.memberCount(appId, name);
  if (fields.includes('cache')) figures.cache = await cacheFigure(sources.cache, appId, name);
  return figures;
}

/** Pusher's `{ "data", "ttl" }` (seconds left), or null while the cache is empty. */
async function cacheFigure(cache: ChannelCache, appId: string, name: string): Promise<{ data: string; ttl: number } | null> {
  if (!isCacheChannel(name)) throw new HttpError(400, 'cache is only available for cache channels');
  const cached = await cache.get(appId, name);
  return cached ? { data: cached.event.data, ttl: Math.ceil(cached.ttlMs / 1000) } : null;
}
