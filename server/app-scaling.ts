/**
 * The composition root's cluster half: picks the in-process or the Redis
 * pub/sub and cluster state, and gives the cluster state what it reads from
 * this node (memberships to write back, counts).
 */
import type { AppChannels } from './channels/registry.js';
import type { Config } from './config/types.js';
import type { Logger } from './observability/log.js';
import type { Metrics } from './observability/metrics.js';
import { ONLINE_CHANNEL } from './pusher/online-users.js';
import type { SessionRegistry } from './pusher/sessions.js';
import type { ChannelCache } from './scaling/channel-cache.js';
import type { ClusterState } from './scaling/cluster-state.js';
import { LocalChannelCache } from './scaling/local-cache.js';
import { RedisChannelCache } from './scaling/redis-cache.js';
import { RedisKeys } from './scaling/redis-keys.js';
import { LocalClusterState } from './scaling/local-state.js';
import { LocalPubSub } from './scaling/local.js';
import type { PubSub } from './scaling/pubsub.js';
import { RedisClusterState, type LocalCounts, type LocalMemberships } from './scaling/redis-state.js';
import { RedisPubSub } from './scaling/redis.js';

export interface ClusterSources {
  readonly channels: AppChannels;
  readonly sessions: SessionRegistry;
  /** Memberships of pseudo presence channels kept by other parts (webhooks' occupancy). */
  readonly extraMemberships: () => LocalMemberships;
  /** A member of a dead node is gone: announce it (member_removed, offline, vacated). */
  readonly announceRemoved: (appId: string, channel: string, userId: string) => void;
  /** A membership this node no longer holds was removed on writing back: for what clients' resync does not cover. */
  readonly departed: (appId: string, channel: string, userId: string) => void;
}

export function createPubSub(config: Config, log: Logger, metrics: Metrics): PubSub {
  const { scaling } = config;
  if (!scaling.enabled) return new LocalPubSub(scaling.nodeId);
  return new RedisPubSub({
    url: scaling.redisUrl, prefix: scaling.prefix, appPrefixes: appPrefixes(config), nodeId: scaling.nodeId, log: log.child({ mod: 'scaling' }), metrics,
  });
}

export function createClusterState(config: Config, pubsub: PubSub, sources: ClusterSources, log: Logger): ClusterState {
  const { channels, sessions } = sources;
  const local = new LocalClusterState(channels, (appId) => sessions.countFor(appId));
  const { scaling } = config;
  if (!scaling.enabled) return local;
  return new RedisClusterState({
    url: scaling.redisUrl, prefix: scaling.prefix, appPrefixes: appPrefixes(config), nodeId: scaling.nodeId, nodeTimeoutSeconds: scaling.nodeTimeoutSeconds,
    log: log.child({ mod: 'cluster' }),
    local,
    counts: () => localCounts(config, channels, sessions),
    memberships: () => [...sessionMemberships(sessions), ...sources.extraMemberships()],
    announceRemoved: sources.announceRemoved,
    departed: sources.departed,
    pubsub,
  });
}

/** Cache channels' last events: in this node's memory, or in Redis for the cluster. */
export function createChannelCache(config: Config, log: Logger): ChannelCache {
  const { scaling, cache } = config;
  const ttlMs = cache.ttlSeconds * 1000;
  if (!scaling.enabled) return new LocalChannelCache(ttlMs, cache.maxChannels);
  const keys = new RedisKeys(scaling.prefix, appPrefixes(config));
  return new RedisChannelCache({ url: scaling.redisUrl, keys, ttlMs, maxChannels: cache.maxChannels, log: log.child({ mod: 'cache' }) });
}

/** Apps that keep their Redis keys under a prefix of their own (apps file `redisPrefix`). */
export function appPrefixes(config: Config): ReadonlyMap<string, string> {
  return new Map(config.apps.flatMap((app) => (app.redisPrefix === null ? [] : [[app.id, app.redisPrefix] as const])));
}

/** This node's presence memberships and signed-in users, for the cluster state to write back after Redis trouble. */
function sessionMemberships(sessions: SessionRegistry): LocalMemberships {
  const memberships: LocalMemberships = [];
  for (const session of sessions.all()) {
    const { app: { id: appId }, socketId } = session;
    for (const [channel, { userId, userInfo }] of session.channels) {
      if (userId !== undefined) memberships.push({ appId, channel, socketId, member: { userId, userInfo } });
    }
    if (session.userId !== undefined) memberships.push({ appId, channel: ONLINE_CHANNEL, socketId, member: { userId: session.userId, userInfo: {} } });
  }
  return memberships;
}

/** This node's subscription and connection counts. */
function localCounts(config: Config, channels: AppChannels, sessions: SessionRegistry): LocalCounts {
  const subscriptions = new Map<string, Map<string, number>>();
  const connections = new Map<string, number>();
  for (const app of config.apps) {
    subscriptions.set(app.id, new Map([...channels.for(app.id).all()].map((c) => [c.name, c.subscriptionCount])));
    connections.set(app.id, sessions.countFor(app.id));
  }
  return { subscriptions, connections };
}
