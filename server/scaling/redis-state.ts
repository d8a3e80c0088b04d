/**
 * Cluster state in Redis: presence (redis-presence.ts), the nodes and their
 * reaping (redis-nodes.ts), counts (redis-counts.ts).
 *
 * Redis trouble: no call waits longer than ANSWER_TIMEOUT_MS, and once one
 * went unanswered Redis is not asked again until it answers a ping; the node
 * answers from its own state meanwhile, and tells changes it could not record
 * to its own clients only. When Redis answers again the node writes its
 * memberships back (whatever Redis lost or missed), lists itself again, asks
 * every node to resync, and settles (settling.ts): its clients' member lists
 * are compared with Redis and told the differences.
 */
import type { Redis } from 'ioredis';
import { ioredis } from '../config/optional-modules.js';
import type { Member } from '../channels/presence.js';
import type { Logger } from '../observability/log.js';
import type { ClusterState, Confirmation, PresenceResync } from './cluster-state.js';
import { coalesce } from './coalesce.js';
import type { LocalClusterState } from './local-state.js';
import type { PubSub } from './pubsub.js';
import { ClusterCounts, type LocalCounts } from './redis-counts.js';
import { RedisKeys } from './redis-keys.js';
import { ANSWER_TIMEOUT_MS, RedisLiveness } from './redis-liveness.js';
import { NodeRegistry } from './redis-nodes.js';
import { entry, joinPresence, leavePresence, withPresenceScripts, writeBackMemberships, type Membership, type PresenceClient } from './redis-presence.js';
import { reportAbsent, reportPresent, withReportScripts } from './redis-reports.js';
import { Settling } from './settling.js';

export type { LocalCounts } from './redis-counts.js';
export type LocalMemberships = Membership[];

export interface RedisStateOptions {
  readonly url: string;
  readonly prefix: string;
  /** Apps whose keys go under a prefix of their own. */
  readonly appPrefixes?: ReadonlyMap<string, string>;
  readonly nodeId: string;
  readonly nodeTimeoutSeconds: number;
  readonly log: Logger;
  readonly local: LocalClusterState;
  /** Cheap: read on every count query and every second. */
  readonly counts: () => LocalCounts;
  /** Walks every socket: read only when writing memberships back. */
  readonly memberships: () => LocalMemberships;
  /** Publishes member_removed for a user whose node died. */
  readonly announceRemoved: (appId: string, channel: string, userId: string) => void;
  /**
   * A membership this node held in Redis but no longer has (it restarted
   * under the same id, or missed a leave) was the user's last: the resync
   * tells clients, this tells the rest (webhooks, watchlists).
   */
  readonly departed?: (appId: string, channel: string, userId: string) => void;
  /** Carries resync requests between nodes, and says whether this node hears the others. */
  readonly pubsub: PubSub;
}

type Handler = (resync: PresenceResync) => Promise<void>;

export class RedisClusterState implements ClusterState {
  private readonly redis: PresenceClient;
  private readonly keys: RedisKeys;
  private readonly liveness: RedisLiveness;
  private readonly nodes: NodeRegistry;
  private readonly counts: ClusterCounts;
  private readonly settling: Settling;
  private readonly handlers: Handler[] = [];
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly timeoutMs: number;
  /** Writes memberships back; asked again while running, runs once more. */
  private readonly writeBack = coalesce(() => this.writeMembershipsBack());
  /** Counts moments a membership change may have missed Redis; `writtenBack` is the count the last write-back covered. */
  private missed = 0;
  private writtenBack = -1;
  private everWrittenBack = false;
  /**
   * The other nodes alive before trouble began: those listed (read every
   * second while all is well, and whenever members are read from Redis) and
   * any this node heard from. Removals after trouble wait until each is
   * listed again.
   */
  private peers = new Set<string>();
  /** Heartbeats of other nodes missed while this node could not see Redis say nothing of them. */
  private reapNotBefore = 0;
  private delivering: boolean;

  constructor(private readonly options: RedisStateOptions) {
    this.timeoutMs = options.nodeTimeoutSeconds * 1000;
    this.keys = new RedisKeys(options.prefix, options.appPrefixes);
    // Resent commands could land after the write-back and undo it; the write-back makes them needless.
    this.redis = withReportScripts(withPresenceScripts(new (ioredis().Redis)(options.url, {
      maxRetriesPerRequest: 1, enableOfflineQueue: false, autoResendUnfulfilledCommands: false,
      commandTimeout: ANSWER_TIMEOUT_MS, retryStrategy: (n) => Math.min(1000, 100 * n),
    })));
    this.redis.on('error', () => undefined); // the pub/sub logs connection trouble once
    this.liveness = new RedisLiveness(this.redis, (answering) => {
      if (answering) this.writeBack();
      else this.missed += 1;
    });
    this.nodes = new NodeRegistry(this.redis, this.keys, { nodeId: options.nodeId, timeoutMs: this.timeoutMs, log: options.log, announceRemoved: options.announceRemoved });
    this.counts = new ClusterCounts(this.redis, this.keys, options.nodeId, options.counts, options.nodeTimeoutSeconds * 3);
    this.settling = new Settling({
      capMs: this.timeoutMs,
      ownInRedis: () => this.inRedis,
      peersBack: async () => {
        const { live, silent } = await this.nodes.listed();
        return [...this.peers].every((peer) => live.includes(peer) || silent.includes(peer));
      },
      delivering: () => options.pubsub.health().healthy,
      pass: (complete) => this.resync(complete),
      log: options.log,
    });
    this.delivering = options.pubsub.health().healthy;
    options.pubsub.subscribe(({ origin }) => {
      if (origin !== undefined && origin !== options.nodeId) this.peers.add(origin);
    });
    options.pubsub.onControl((message) => {
      if (message.type === 'resync' && message.node !== options.nodeId) this.settling.start();
    });
    this.every(Math.max(500, this.timeoutMs / 3), () => void this.beat());
    this.every(1000, () => this.tick());
  }

  async joinPresence(appId: string, channel: string, socketId: string, member: Member): Promise<{ added: boolean } & Confirmation> {
    const { added } = await this.options.local.joinPresence(appId, channel, socketId, member);
    return this.write(async () => ({ added: (await joinPresence(this.redis, this.keys, this.options.nodeId, { appId, channel, socketId, member })) === 1 }), { added });
  }

  async leavePresence(appId: string, channel: string, socketId: string, userId: string): Promise<{ removed: boolean } & Confirmation> {
    const { removed } = await this.options.local.leavePresence(appId, channel, socketId);
    return this.write(async () => ({ removed: (await leavePresence(this.redis, this.keys, this.options.nodeId, entry(appId, channel, socketId, userId))) === 0 }), { removed });
  }

  async members(appId: string, channel: string): Promise<Map<string, unknown>> {
    // Members read from Redis may belong to any listed node: each is a peer to wait for after trouble.
    if (this.liveness.answering) void this.learnPeers().catch(() => undefined);
    return this.read(() => this.redisMembers(appId, channel), () => this.options.local.members(appId, channel));
  }

  async memberCount(appId: string, channel: string): Promise<number> {
    return this.read(() => this.redis.hlen(this.keys.presenceSockets(appId, channel)), () => this.options.local.memberCount(appId, channel));
  }

  async hasMember(appId: string, channel: string, userId: string): Promise<boolean> {
    return this.read(async () => (await this.redis.hexists(this.keys.presenceSockets(appId, channel), userId)) === 1,
      () => this.options.local.hasMember(appId, channel, userId));
  }

  async reportPresent(appId: string, channel: string, userId: string): Promise<boolean> {
    return (await this.ask(() => reportPresent(this.redis, this.keys, appId, channel, userId)))?.value ?? false;
  }

  async reportAbsent(appId: string, channel: string, userId: string): Promise<boolean> {
    return (await this.ask(() => reportAbsent(this.redis, this.keys, appId, channel, userId)))?.value ?? false;
  }

  async subscriptions(appId: string): Promise<Map<string, number>> {
    return this.read(async () => this.counts.subscriptions(appId, await this.nodes.live()), () => this.options.local.subscriptions(appId));
  }

  async subscriptionCount(appId: string, channel: string): Promise<number> {
    const own = (): Promise<number> => this.options.local.subscriptionCount(appId, channel);
    return this.read(async () => this.counts.channel(appId, channel, await this.nodes.live(), await own()), own);
  }

  async recordSubscriptions(appId: string, channel: string, count: number): Promise<void> {
    await this.ask(() => this.counts.record(appId, channel, count));
  }

  async connections(appId: string): Promise<number> {
    return this.read(async () => this.counts.connections(appId, await this.nodes.live()), () => this.options.local.connections(appId));
  }

  async otherNodes(): Promise<string[]> {
    return this.read(async () => (await this.nodes.live()).filter((node) => node !== this.options.nodeId), async () => []);
  }

  onResync(handler: Handler): void {
    this.handlers.push(handler);
  }

  async close(): Promise<void> {
    this.timers.forEach(clearInterval);
    this.liveness.close();
    // A clean shutdown leaves no members behind for others to reap.
    if (this.liveness.answering) await this.nodes.unlist().catch(() => undefined);
    this.redis.disconnect();
  }

  /** Redis holds this node's memberships as they are. */
  private get inRedis(): boolean {
    return this.writtenBack === this.missed;
  }

  /** Redis's answer when it gives one; this node's own view when it does not (nodes keep serving their clients). */
  private async read<T>(work: () => Promise<T>, local: () => Promise<T>): Promise<T> {
    const answer = await this.ask(work);
    return answer ? answer.value : local();
  }

  /** A membership change: confirmed by Redis, or recorded only here and written back once Redis answers. */
  private async write<T extends object>(work: () => Promise<T>, local: T): Promise<T & Confirmation> {
    const answer = await this.ask(work);
    if (answer) return { ...answer.value, confirmed: true };
    this.missed += 1;
    return { ...local, confirmed: false };
  }

  /** Asks Redis unless it is known not to answer; an error or timeout stops asking until it answers a ping. */
  private async ask<T>(work: () => Promise<T>): Promise<{ value: T } | undefined> {
    if (!this.liveness.answering) return undefined;
    try {
      return { value: await work() };
    } catch {
      this.liveness.suspect();
      return undefined;
    }
  }

  private async redisMembers(appId: string, channel: string): Promise<Map<string, unknown>> {
    const raw = await this.redis.hgetall(this.keys.presenceInfo(appId, channel));
    return new Map(Object.entries(raw).map(([id, info]) => [id, JSON.parse(info) as unknown]));
  }

  /** Writes this node's memberships back, lists it again, and has every node resync. */
  private async writeMembershipsBack(): Promise<void> {
    if (!this.liveness.answering) return;
    // A change that misses Redis while this runs is not covered: the next heartbeat writes back again.
    const covers = this.missed;
    try {
      const wrote = await writeBackMemberships(this.redis, this.keys, this.options.nodeId, this.options.memberships, this.options.departed);
      await this.nodes.heartbeat();
      this.writtenBack = covers;
      this.reapNotBefore = Date.now() + this.timeoutMs;
      // A node that just started and had nothing to write has nothing for the others to learn.
      if (wrote > 0 || this.everWrittenBack) this.options.pubsub.publishControl({ type: 'resync', node: this.options.nodeId });
      this.everWrittenBack = true;
      this.options.log.info('memberships written back to redis', { node: this.options.nodeId, wrote });
      this.settling.start();
    } catch (error) {
      this.options.log.warn('could not write memberships back to redis', { err: error });
    }
  }

  /** One comparison of this node's clients' member lists with Redis. */
  private async resync(complete: boolean): Promise<void> {
    const resync: PresenceResync = {
      complete,
      members: async (appId, channel) => {
        const answer = await this.ask(() => this.redisMembers(appId, channel));
        if (!answer) throw new Error('redis is not answering');
        return answer.value;
      },
    };
    for (const handler of this.handlers) await handler(resync);
  }

  /** Heartbeat: say we are alive (after writing back, if Redis lost us or missed a change), and reap nodes that stopped. */
  private async beat(): Promise<void> {
    if (!this.liveness.answering) return;
    try {
      if (!this.inRedis || !(await this.nodes.isListed())) return this.writeBack();
      await this.nodes.heartbeat();
      const { silent } = await this.nodes.listed();
      if (Date.now() < this.reapNotBefore) return;
      for (const node of silent) if (node !== this.options.nodeId) await this.nodes.reap(node);
    } catch (error) {
      this.options.log.warn('cluster heartbeat failed', { err: error });
    }
  }

  /** Every second: counts for the other nodes, the peers to wait for after trouble, settling, and a resync once this node hears the others again. */
  private tick(): void {
    if (this.liveness.answering) void this.counts.write().then(() => this.learnPeers()).catch(() => undefined);
    const delivering = this.options.pubsub.health().healthy;
    if (delivering && !this.delivering) this.settling.start();
    this.delivering = delivering;
    this.settling.tick();
  }

  /** The other nodes listed now, once all is well: if trouble begins, removals wait until each is listed again. */
  private async learnPeers(): Promise<void> {
    const allWell = (): boolean => this.inRedis && !this.settling.active;
    if (!allWell()) return;
    const { live } = await this.nodes.listed();
    if (allWell()) this.peers = new Set(live.filter((node) => node !== this.options.nodeId));
  }

  private every(ms: number, run: () => void): void {
    const timer = setInterval(run, ms);
    timer.unref();
    this.timers.push(timer);
  }
}
