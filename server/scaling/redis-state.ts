/**
 * Cluster state in Redis. Presence lives in two hashes per channel (user id →
 * socket count, user id → user_info), changed by Lua scripts so "first socket
 * of this user anywhere" and "last socket anywhere" are decided atomically:
 * member_added and member_removed go out once per user cluster-wide. Each node
 * records its memberships and counts under its own keys and heartbeats; when a
 * node stops heartbeating, another node removes its members (announcing
 * member_removed) and its counts. While Redis is unreachable, the node answers
 * from its own state and writes everything back once Redis returns.
 */
import { Redis } from 'ioredis';
import type { Member } from '../channels/presence.js';
import type { Logger } from '../observability/log.js';
import type { ClusterState } from './cluster-state.js';
import type { LocalClusterState } from './local-state.js';

// Idempotent too: writing a node's memberships back after a Redis restart never counts a socket twice.
const JOIN = `
if redis.call('SADD', KEYS[3], ARGV[3]) == 0 then return -1 end
local n = redis.call('HINCRBY', KEYS[1], ARGV[1], 1)
if n == 1 then redis.call('HSET', KEYS[2], ARGV[1], ARGV[2]) end
return n`;

// Idempotent: a socket already removed (by its node, or by a reaper) changes nothing.
const LEAVE = `
if redis.call('SREM', KEYS[3], ARGV[2]) == 0 then return -1 end
local n = redis.call('HINCRBY', KEYS[1], ARGV[1], -1)
if n <= 0 then
  redis.call('HDEL', KEYS[1], ARGV[1])
  redis.call('HDEL', KEYS[2], ARGV[1])
  return 0
end
return n`;

type ScriptClient = Redis & {
  presenceJoin(counts: string, infos: string, nodeSet: string, userId: string, info: string, entry: string): Promise<number>;
  presenceLeave(counts: string, infos: string, nodeSet: string, userId: string, entry: string): Promise<number>;
};

/** This node's subscription and connection counts, per app. */
export interface LocalCounts {
  readonly subscriptions: Map<string, Map<string, number>>;
  readonly connections: Map<string, number>;
}

/** This node's presence memberships, to write back after Redis lost them. */
export type LocalMemberships = { appId: string; channel: string; socketId: string; member: Member }[];

export interface RedisStateOptions {
  readonly url: string;
  readonly prefix: string;
  readonly nodeId: string;
  readonly nodeTimeoutSeconds: number;
  readonly log: Logger;
  readonly local: LocalClusterState;
  /** Cheap: read on every count query and every second. */
  readonly counts: () => LocalCounts;
  /** Walks every socket: read only after a Redis restart. */
  readonly memberships: () => LocalMemberships;
  /** Publishes member_removed for a user whose node died. */
  readonly announceRemoved: (appId: string, channel: string, userId: string) => void;
}

export class RedisClusterState implements ClusterState {
  private readonly redis: ScriptClient;
  private readonly heartbeat: NodeJS.Timeout;
  private readonly countsTimer: NodeJS.Timeout;
  private everReady = false;

  constructor(private readonly options: RedisStateOptions) {
    // commandTimeout: a Redis that holds the connection but does not answer must not hold up a subscribe.
    this.redis = new Redis(options.url, { maxRetriesPerRequest: 1, enableOfflineQueue: false, commandTimeout: 1000, retryStrategy: (n) => Math.min(2000, 100 * n) }) as ScriptClient;
    this.redis.defineCommand('presenceJoin', { numberOfKeys: 3, lua: JOIN });
    this.redis.defineCommand('presenceLeave', { numberOfKeys: 3, lua: LEAVE });
    this.redis.on('error', () => undefined); // the pub/sub logs connection trouble once
    this.redis.on('ready', () => {
      if (this.everReady) void this.restore();
      this.everReady = true;
      void this.beat();
    });
    this.heartbeat = setInterval(() => void this.beat(), Math.max(500, (options.nodeTimeoutSeconds * 1000) / 3));
    this.heartbeat.unref();
    // Other nodes read our subscription and connection counts at most a second old.
    this.countsTimer = setInterval(() => void this.writeCounts().catch(() => undefined), 1000);
    this.countsTimer.unref();
  }

  async joinPresence(appId: string, channel: string, socketId: string, member: Member): Promise<{ added: boolean }> {
    const local = await this.options.local.joinPresence(appId, channel, socketId, member);
    return this.orLocal(async () => {
      const n = await this.redis.presenceJoin(...this.presenceKeys(appId, channel), member.userId, JSON.stringify(member.userInfo ?? {}), entry(appId, channel, socketId, member.userId));
      return { added: n === 1 };
    }, local);
  }

  async leavePresence(appId: string, channel: string, socketId: string, userId: string): Promise<{ removed: boolean }> {
    const local = await this.options.local.leavePresence(appId, channel, socketId);
    return this.orLocal(async () => {
      const n = await this.redis.presenceLeave(...this.presenceKeys(appId, channel), userId, entry(appId, channel, socketId, userId));
      return { removed: n === 0 };
    }, local);
  }

  async members(appId: string, channel: string): Promise<Map<string, unknown>> {
    return this.orLocal(async () => {
      const raw = await this.redis.hgetall(this.key(`app:${appId}:presence:${channel}:info`));
      return new Map(Object.entries(raw).map(([id, info]) => [id, JSON.parse(info) as unknown]));
    }, () => this.options.local.members(appId, channel));
  }

  async memberCount(appId: string, channel: string): Promise<number> {
    return this.orLocal(() => this.redis.hlen(this.key(`app:${appId}:presence:${channel}:sockets`)), () => this.options.local.memberCount(appId, channel));
  }

  async hasMember(appId: string, channel: string, userId: string): Promise<boolean> {
    return this.orLocal(async () => (await this.redis.hexists(this.key(`app:${appId}:presence:${channel}:sockets`), userId)) === 1,
      () => this.options.local.hasMember(appId, channel, userId));
  }

  async subscriptions(appId: string): Promise<Map<string, number>> {
    return this.orLocal(async () => {
      const totals = new Map<string, number>();
      for (const node of await this.liveNodes()) {
        const counts = node === this.options.nodeId ? this.options.counts().subscriptions.get(appId) ?? new Map<string, number>()
          : this.appCounts(await this.redis.hgetall(this.key(`node:${node}:subs`)), appId);
        for (const [channel, count] of counts) totals.set(channel, (totals.get(channel) ?? 0) + count);
      }
      return totals;
    }, () => this.options.local.subscriptions(appId));
  }

  async connections(appId: string): Promise<number> {
    return this.orLocal(async () => {
      let total = 0;
      for (const node of await this.liveNodes()) {
        total += node === this.options.nodeId ? this.options.counts().connections.get(appId) ?? 0
          : Number((await this.redis.hget(this.key(`node:${node}:conns`), appId)) ?? 0);
      }
      return total;
    }, () => this.options.local.connections(appId));
  }

  async close(): Promise<void> {
    clearInterval(this.heartbeat);
    clearInterval(this.countsTimer);
    if (this.redis.status === 'ready') {
      // A clean shutdown leaves no members behind for others to reap.
      await this.redis.zrem(this.key('nodes'), this.options.nodeId).catch(() => undefined);
    }
    this.redis.disconnect();
  }

  /** Heartbeat: say we are alive, publish our counts, and reap nodes that stopped saying so. */
  private async beat(): Promise<void> {
    if (this.redis.status !== 'ready') return;
    try {
      const { nodeId, nodeTimeoutSeconds } = this.options;
      const now = Date.now();
      await this.redis.zadd(this.key('nodes'), now, nodeId);
      await this.writeCounts();
      const dead = await this.redis.zrangebyscore(this.key('nodes'), 0, now - nodeTimeoutSeconds * 1000);
      for (const node of dead) if (node !== nodeId) await this.reap(node);
    } catch (error) {
      this.options.log.warn('cluster heartbeat failed', { err: error });
    }
  }

  private async writeCounts(): Promise<void> {
    if (this.redis.status !== 'ready') return;
    const { subscriptions, connections } = this.options.counts();
    const ttl = this.options.nodeTimeoutSeconds * 3;
    const pipeline = this.redis.pipeline();
    const subs = this.key(`node:${this.options.nodeId}:subs`);
    const fields: Record<string, number> = {};
    for (const [appId, counts] of subscriptions) for (const [channel, count] of counts) fields[`${appId}\n${channel}`] = count;
    pipeline.del(subs);
    if (Object.keys(fields).length > 0) pipeline.hset(subs, fields).expire(subs, ttl);
    const conns = this.key(`node:${this.options.nodeId}:conns`);
    pipeline.del(conns);
    if (connections.size > 0) pipeline.hset(conns, Object.fromEntries(connections)).expire(conns, ttl);
    pipeline.expire(this.key(`node:${this.options.nodeId}:members`), ttl);
    await pipeline.exec();
  }

  /** Removes a dead node's members (announcing member_removed) and its counts; one reaper per dead node. */
  private async reap(node: string): Promise<void> {
    const claimed = await this.redis.set(this.key(`reap:${node}`), this.options.nodeId, 'EX', 30, 'NX');
    if (claimed !== 'OK') return;
    const members = await this.redis.smembers(this.key(`node:${node}:members`));
    for (const raw of members) {
      const [appId, channel, , userId] = JSON.parse(raw) as [string, string, string, string];
      const n = await this.redis.presenceLeave(this.key(`app:${appId}:presence:${channel}:sockets`), this.key(`app:${appId}:presence:${channel}:info`),
        this.key(`node:${node}:members`), userId, raw);
      if (n === 0) this.options.announceRemoved(appId, channel, userId);
    }
    await this.redis.del(this.key(`node:${node}:members`), this.key(`node:${node}:subs`), this.key(`node:${node}:conns`));
    await this.redis.zrem(this.key('nodes'), node);
    this.options.log.info('removed a node that stopped answering', { node, members: members.length });
  }

  /** After Redis lost its data (a restart): write this node's memberships back. */
  private async restore(): Promise<void> {
    try {
      for (const { appId, channel, socketId, member } of this.options.memberships()) {
        await this.redis.presenceJoin(...this.presenceKeys(appId, channel), member.userId, JSON.stringify(member.userInfo ?? {}), entry(appId, channel, socketId, member.userId));
      }
      this.options.log.info('cluster state restored in redis', { node: this.options.nodeId });
    } catch (error) {
      this.options.log.warn('could not restore cluster state in redis', { err: error });
    }
  }

  private appCounts(fields: Record<string, string>, appId: string): Map<string, number> {
    const counts = new Map<string, number>();
    for (const [field, value] of Object.entries(fields)) {
      const cut = field.indexOf('\n');
      if (field.slice(0, cut) === appId) counts.set(field.slice(cut + 1), Number(value));
    }
    return counts;
  }

  private async liveNodes(): Promise<string[]> {
    const since = Date.now() - this.options.nodeTimeoutSeconds * 1000;
    const nodes = await this.redis.zrangebyscore(this.key('nodes'), since, '+inf');
    return nodes.includes(this.options.nodeId) ? nodes : [...nodes, this.options.nodeId];
  }

  private presenceKeys(appId: string, channel: string): [string, string, string] {
    return [this.key(`app:${appId}:presence:${channel}:sockets`), this.key(`app:${appId}:presence:${channel}:info`), this.key(`node:${this.options.nodeId}:members`)];
  }

  private key(suffix: string): string {
    return `${this.options.prefix}${suffix}`;
  }

  /** Redis when it answers; this node's own view when it does not (nodes keep serving their clients). */
  private async orLocal<T>(work: () => Promise<T>, fallback: T | (() => Promise<T>)): Promise<T> {
    const local = (): Promise<T> => (typeof fallback === 'function' ? (fallback as () => Promise<T>)() : Promise.resolve(fallback));
    if (this.redis.status !== 'ready') return local();
    try {
      return await work();
    } catch {
      return local();
    }
  }
}

function entry(appId: string, channel: string, socketId: string, userId: string): string {
  return JSON.stringify([appId, channel, socketId, userId]);
}
