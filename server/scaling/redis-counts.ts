/**
 * Subscription and connection counts across the cluster: each node writes its
 * own every second under its own keys, and a query adds up the live nodes'
 * (this node's own from memory, never a second old).
 */
import type { Redis } from 'ioredis';
import type { RedisKeys } from './redis-keys.js';

/** This node's subscription and connection counts, per app. */
export interface LocalCounts {
  readonly subscriptions: Map<string, Map<string, number>>;
  readonly connections: Map<string, number>;
}

export class ClusterCounts {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
    private readonly nodeId: string,
    /** Cheap: read on every count query and every second. */
    private readonly local: () => LocalCounts,
    /** Counts of a node that stops writing them disappear after this long. */
    private readonly ttlSeconds: number,
  ) {}

  async write(): Promise<void> {
    const { subscriptions, connections } = this.local();
    const pipeline = this.redis.pipeline();
    const subs = this.keys.nodeSubscriptions(this.nodeId);
    const fields: Record<string, number> = {};
    for (const [appId, counts] of subscriptions) for (const [channel, count] of counts) fields[`${appId}\n${channel}`] = count;
    pipeline.del(subs);
    if (Object.keys(fields).length > 0) pipeline.hset(subs, fields).expire(subs, this.ttlSeconds);
    const conns = this.keys.nodeConnections(this.nodeId);
    pipeline.del(conns);
    if (connections.size > 0) pipeline.hset(conns, Object.fromEntries(connections)).expire(conns, this.ttlSeconds);
    await pipeline.exec();
  }

  async subscriptions(appId: string, nodes: string[]): Promise<Map<string, number>> {
    const totals = new Map<string, number>();
    for (const node of nodes) {
      const counts = node === this.nodeId ? this.local().subscriptions.get(appId) ?? new Map<string, number>()
        : appCounts(await this.redis.hgetall(this.keys.nodeSubscriptions(node)), appId);
      for (const [channel, count] of counts) totals.set(channel, (totals.get(channel) ?? 0) + count);
    }
    return totals;
  }

  /** Same connection as `write`, so a periodic write computed before this one never lands after it. */
  async record(appId: string, channel: string, count: number): Promise<void> {
    const subs = this.keys.nodeSubscriptions(this.nodeId);
    if (count > 0) await this.redis.pipeline().hset(subs, `${appId}\n${channel}`, count).expire(subs, this.ttlSeconds).exec();
    else await this.redis.hdel(subs, `${appId}\n${channel}`);
  }

  /** `own`: this node's count, as it is now. */
  async channel(appId: string, channel: string, nodes: string[], own: number): Promise<number> {
    const others = nodes.filter((node) => node !== this.nodeId);
    const counts = await Promise.all(others.map((node) => this.redis.hget(this.keys.nodeSubscriptions(node), `${appId}\n${channel}`)));
    return counts.reduce((sum, count) => sum + Number(count ?? 0), own);
  }

  async connections(appId: string, nodes: string[]): Promise<number> {
    let total = 0;
    for (const node of nodes) {
      total += node === this.nodeId ? this.local().connections.get(appId) ?? 0
        : Number((await this.redis.hget(this.keys.nodeConnections(node), appId)) ?? 0);
    }
    return total;
  }
}

function appCounts(fields: Record<string, string>, appId: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const [field, value] of Object.entries(fields)) {
    const cut = field.indexOf('\n');
    if (field.slice(0, cut) === appId) counts.set(field.slice(cut + 1), Number(value));
  }
  return counts;
}
