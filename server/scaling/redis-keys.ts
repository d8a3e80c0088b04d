/**
 * Every Redis key the cluster state uses, under the configured prefix; an
 * app's own keys under that app's prefix when it has one (apps file `redisPrefix`).
 */
export class RedisKeys {
  constructor(private readonly prefix: string, private readonly appPrefixes: ReadonlyMap<string, string> = new Map()) {}

  /** Where an app's keys and channels start: `{prefix}app:{id}:`. */
  app(appId: string): string {
    return `${this.appPrefixes.get(appId) ?? this.prefix}app:${appId}:`;
  }

  /** Sorted set: node id → time of its last heartbeat (ms). */
  nodes(): string {
    return this.key('nodes');
  }

  /** Set of a node's presence memberships (see `entry` in redis-presence.ts). */
  nodeMembers(node: string): string {
    return this.key(`node:${node}:members`);
  }

  /** Hash: "appId\nchannel" → that node's subscriptions. */
  nodeSubscriptions(node: string): string {
    return this.key(`node:${node}:subs`);
  }

  /** Hash: appId → that node's connections. */
  nodeConnections(node: string): string {
    return this.key(`node:${node}:conns`);
  }

  /** Held by the one node that reaps a silent node. */
  reapClaim(node: string): string {
    return this.key(`reap:${node}`);
  }

  /** Hash: user id → sockets of that user in the channel, on every node. */
  presenceSockets(appId: string, channel: string): string {
    return `${this.app(appId)}presence:${channel}:sockets`;
  }

  /** Hash: user id → user_info (JSON) of every present user. */
  presenceInfo(appId: string, channel: string): string {
    return `${this.app(appId)}presence:${channel}:info`;
  }

  /** Set: the ids webhooks reported present in a presence channel (or a pseudo one: occupancy, sign-ins). */
  reported(appId: string, channel: string): string {
    return `${this.app(appId)}presence:${channel}:reported`;
  }

  /** String: a cache channel's last event (JSON), expiring with its TTL. */
  cache(appId: string, channel: string): string {
    return `${this.app(appId)}cache:${channel}`;
  }

  /** Sorted set: the app's cache entries by expiry, which bounds how many there are. */
  cacheIndex(appId: string): string {
    return `${this.app(appId)}cache-index`;
  }

  /** Set while a miss of this cache channel was reported (one cache_miss webhook for many subscribers). */
  cacheMiss(appId: string, channel: string): string {
    return `${this.app(appId)}cache-miss:${channel}`;
  }

  private key(suffix: string): string {
    return `${this.prefix}${suffix}`;
  }
}
