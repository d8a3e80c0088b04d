/**
 * channel_occupied / channel_vacated and member_added / member_removed,
 * decided once for the cluster. A channel is occupied while any node has a
 * subscriber there: each node is a "socket" of the channel in a pseudo
 * presence channel, so first and last are decided atomically (and a dead
 * node's channels are reaped like its members). Presence members come from
 * the real presence channels. The cluster state's ledger of what the app was
 * told makes exactly one node report each change; a vacancy or a departure is
 * checked again after Pusher's grace, so a client back in time causes neither.
 */
import { isInternalChannel } from '../../shared/pusher/channels.js';
import type { Logger } from '../observability/log.js';
import type { ClusterState, Membership } from '../scaling/cluster-state.js';
import type { Webhooks } from './webhooks.js';

/** The pseudo presence channel whose members are occupied channels, one "socket" per node. */
export const OCCUPANCY_CHANNEL = '#occupied';

export interface LifecycleDeps {
  readonly cluster: ClusterState;
  readonly webhooks: Webhooks;
  readonly nodeId: string;
  readonly graceMs: number;
  readonly log: Logger;
}

export class ChannelLifecycle {
  /** "appId\nchannel": channels this node occupies and reported to the cluster state. */
  private readonly occupying = new Set<string>();
  /** Per channel or member, the steps in order: a join never overtakes the leave before it. */
  private readonly chains = new Map<string, Promise<void>>();
  /** Departures waiting out their grace or being checked, each settled once checked or called off. */
  private readonly graces = new Map<string, Grace>();

  constructor(private readonly deps: LifecycleDeps) {}

  /** This node's first subscriber of the channel. */
  occupied(appId: string, channel: string): void {
    if (!this.tracksOccupancy(appId, channel)) return;
    this.occupying.add(`${appId}\n${channel}`);
    this.callOff(`${appId}\n${channel}`);
    this.step(`${appId}\n${channel}`, async () => {
      await this.deps.cluster.joinPresence(appId, OCCUPANCY_CHANNEL, this.nodeSocket, { userId: channel, userInfo: {} });
      if (await this.deps.cluster.reportPresent(appId, OCCUPANCY_CHANNEL, channel)) this.deps.webhooks.send(appId, { name: 'channel_occupied', channel });
    });
  }

  /** This node's last subscriber of the channel left. */
  vacated(appId: string, channel: string): void {
    if (!this.occupying.delete(`${appId}\n${channel}`)) return;
    this.step(`${appId}\n${channel}`, async () => {
      const { removed } = await this.deps.cluster.leavePresence(appId, OCCUPANCY_CHANNEL, this.nodeSocket, channel);
      if (removed) this.vacatedEverywhere(appId, channel);
    });
  }

  /** No node has a subscriber left (this one's last left, or a dead node's channels were reaped). */
  vacatedEverywhere(appId: string, channel: string): void {
    this.afterGrace(`${appId}\n${channel}`, async () => {
      // The channel's members leave before it is vacated.
      await Promise.all([...this.graces].filter(([key]) => key.startsWith(`${appId}\n${channel}\n`)).map(([, grace]) => grace.settled));
      if (await this.deps.cluster.reportAbsent(appId, OCCUPANCY_CHANNEL, channel)) this.deps.webhooks.send(appId, { name: 'channel_vacated', channel });
    });
  }

  /** A user's first socket in a presence channel, cluster-wide. */
  memberAdded(appId: string, channel: string, userId: string): void {
    if (!this.deps.webhooks.wants(appId, 'member_added', 'member_removed')) return;
    this.callOff(`${appId}\n${channel}\n${userId}`);
    const occupancy = this.chains.get(`${appId}\n${channel}`);
    this.step(`${appId}\n${channel}\n${userId}`, async () => {
      await occupancy; // the channel is occupied before anyone joins it
      if (await this.deps.cluster.reportPresent(appId, channel, userId)) this.deps.webhooks.send(appId, { name: 'member_added', channel, user_id: userId });
    });
  }

  /** A user's last socket in a presence channel left, cluster-wide (or their node died). */
  memberRemoved(appId: string, channel: string, userId: string): void {
    if (!this.deps.webhooks.wants(appId, 'member_added', 'member_removed')) return;
    this.afterGrace(`${appId}\n${channel}\n${userId}`, async () => {
      if (await this.deps.cluster.reportAbsent(appId, channel, userId)) this.deps.webhooks.send(appId, { name: 'member_removed', channel, user_id: userId });
    });
  }

  /** The occupancy this node recorded, for the cluster state to write back after Redis trouble. */
  memberships(): Membership[] {
    return [...this.occupying].map((key) => {
      const [appId = '', channel = ''] = key.split('\n');
      return { appId, channel: OCCUPANCY_CHANNEL, socketId: this.nodeSocket, member: { userId: channel, userInfo: {} } };
    });
  }

  /** On shutdown: lets pending checks run (their grace still applies), until `deadline`. */
  async settle(deadline: number): Promise<void> {
    let stop: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.all([...[...this.graces.values()].map((g) => g.settled), ...this.chains.values()]),
      new Promise<void>((resolve) => (stop = setTimeout(resolve, Math.max(0, deadline - Date.now())))),
    ]);
    clearTimeout(stop);
  }

  private get nodeSocket(): string {
    return `node:${this.deps.nodeId}`;
  }

  private tracksOccupancy(appId: string, channel: string): boolean {
    return !isInternalChannel(channel) && this.deps.webhooks.wants(appId, 'channel_occupied', 'channel_vacated');
  }

  /** Runs `check` once the grace has passed since the key's latest departure (an earlier wait is called off). */
  private afterGrace(key: string, check: () => Promise<void>): void {
    this.callOff(key);
    let settle = (): void => undefined;
    const grace: Grace = { fired: false, settled: new Promise<void>((resolve) => (settle = resolve)), settle: () => settle() };
    grace.timer = setTimeout(() => {
      grace.fired = true;
      this.step(key, check);
      // Settled with the check itself, not with steps queued after it (which may wait for this channel).
      void this.chains.get(key)?.then(() => {
        if (this.graces.get(key) === grace) this.graces.delete(key);
        grace.settle();
      });
    }, this.deps.graceMs);
    this.graces.set(key, grace);
  }

  /** Back within the grace (on this node): nothing to check. A check under way decides for itself. */
  private callOff(key: string): void {
    const grace = this.graces.get(key);
    if (!grace || grace.fired) return;
    clearTimeout(grace.timer);
    this.graces.delete(key);
    grace.settle();
  }

  /** Chains a step after the key's earlier ones; a failing step is logged and the chain goes on. */
  private step(key: string, run: () => Promise<void>): void {
    const next = (this.chains.get(key) ?? Promise.resolve()).then(run).catch((error: unknown) => {
      this.deps.log.error('could not decide a webhook', { key, err: error });
    });
    this.chains.set(key, next);
    void next.then(() => {
      if (this.chains.get(key) === next) this.chains.delete(key);
    });
  }
}

interface Grace {
  timer?: NodeJS.Timeout;
  /** The grace is over and the check queued or running. */
  fired: boolean;
  readonly settled: Promise<void>;
  readonly settle: () => void;
}
