/**
 * The nodes of the cluster: a sorted set of heartbeats. A node lists itself
 * only once its memberships are in Redis, so a listed node's members are all
 * there, even after Redis restarted empty. A node silent for the timeout is
 * reaped by one other node, which removes its members (announcing
 * member_removed) and its counts.
 */
import type { Logger } from '../observability/log.js';
import type { RedisKeys } from './redis-keys.js';
import { leavePresence, parseEntry, type PresenceClient } from './redis-presence.js';

export interface NodeRegistryOptions {
  readonly nodeId: string;
  readonly timeoutMs: number;
  readonly log: Logger;
  /** Publishes member_removed for a user whose node died. */
  readonly announceRemoved: (appId: string, channel: string, userId: string) => void;
}

export class NodeRegistry {
  constructor(private readonly redis: PresenceClient, private readonly keys: RedisKeys, private readonly options: NodeRegistryOptions) {}

  async isListed(): Promise<boolean> {
    return (await this.redis.zscore(this.keys.nodes(), this.options.nodeId)) !== null;
  }

  /** Lists this node, or says it is still alive. */
  async heartbeat(): Promise<void> {
    await this.redis.zadd(this.keys.nodes(), Date.now(), this.options.nodeId);
  }

  async unlist(): Promise<void> {
    await this.redis.zrem(this.keys.nodes(), this.options.nodeId);
  }

  /** Listed nodes that heartbeat within the timeout, and those that stopped. */
  async listed(): Promise<{ live: string[]; silent: string[] }> {
    const flat = await this.redis.zrange(this.keys.nodes(), 0, -1, 'WITHSCORES');
    const since = Date.now() - this.options.timeoutMs;
    const live: string[] = [];
    const silent: string[] = [];
    for (let i = 0; i < flat.length; i += 2) (Number(flat[i + 1]) >= since ? live : silent).push(flat[i]!);
    return { live, silent };
  }

  /** The live nodes, this one included even before its first heartbeat (for cluster-wide counts). */
  async live(): Promise<string[]> {
    const { live } = await this.listed();
    return live.includes(this.options.nodeId) ? live : [...live, this.options.nodeId];
  }

  /** Removes a dead node's members (announcing member_removed) and its counts; one reaper per dead node. */
  async reap(node: string): Promise<void> {
    const claimed = await this.redis.set(this.keys.reapClaim(node), this.options.nodeId, 'EX', 30, 'NX');
    if (claimed !== 'OK') return;
    const members = await this.redis.smembers(this.keys.nodeMembers(node));
    for (const recorded of members) {
      if ((await leavePresence(this.redis, this.keys, node, recorded)) !== 0) continue;
      const { appId, channel, userId } = parseEntry(recorded);
      this.options.announceRemoved(appId, channel, userId);
    }
    await this.redis.del(this.keys.nodeMembers(node), this.keys.nodeSubscriptions(node), this.keys.nodeConnections(node));
    await this.redis.zrem(this.keys.nodes(), node);
    this.options.log.info('removed a node that stopped answering', { node, members: members.length });
  }
}
