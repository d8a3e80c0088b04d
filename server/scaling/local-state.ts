/** Cluster state for a single node: read straight from this node's registries. */
import type { Member } from '../channels/presence.js';
import { PresenceRoster } from '../channels/presence.js';
import type { AppChannels } from '../channels/registry.js';
import type { ClusterState } from './cluster-state.js';

export class LocalClusterState implements ClusterState {
  private readonly rosters = new Map<string, PresenceRoster>();
  /** Webhooks' ledger: "appId\nchannel" → users reported present. */
  private readonly reported = new Map<string, Set<string>>();

  constructor(private readonly channels: AppChannels, private readonly connectionsOf: (appId: string) => number) {}

  async joinPresence(appId: string, channel: string, socketId: string, member: Member): Promise<{ added: boolean; confirmed: boolean }> {
    return { added: this.roster(appId, channel).add(socketId, member) !== undefined, confirmed: true };
  }

  async leavePresence(appId: string, channel: string, socketId: string): Promise<{ removed: boolean; confirmed: boolean }> {
    const key = `${appId}\n${channel}`;
    const roster = this.rosters.get(key);
    const removed = roster?.remove(socketId) !== undefined;
    if (roster && roster.count === 0) this.rosters.delete(key);
    return { removed, confirmed: true };
  }

  async members(appId: string, channel: string): Promise<Map<string, unknown>> {
    return this.rosters.get(`${appId}\n${channel}`)?.infos() ?? new Map();
  }

  async memberCount(appId: string, channel: string): Promise<number> {
    return this.rosters.get(`${appId}\n${channel}`)?.count ?? 0;
  }

  async hasMember(appId: string, channel: string, userId: string): Promise<boolean> {
    return this.rosters.get(`${appId}\n${channel}`)?.has(userId) ?? false;
  }

  async reportPresent(appId: string, channel: string, userId: string): Promise<boolean> {
    const key = `${appId}\n${channel}`;
    let users = this.reported.get(key);
    if (!users) this.reported.set(key, (users = new Set()));
    if (users.has(userId)) return false;
    users.add(userId);
    return true;
  }

  async reportAbsent(appId: string, channel: string, userId: string): Promise<boolean> {
    const key = `${appId}\n${channel}`;
    const users = this.reported.get(key);
    if (!users || (await this.hasMember(appId, channel, userId)) || !users.delete(userId)) return false;
    if (users.size === 0) this.reported.delete(key);
    return true;
  }

  async subscriptions(appId: string): Promise<Map<string, number>> {
    const counts = new Map<string, number>();
    for (const channel of this.channels.for(appId).all()) counts.set(channel.name, channel.subscriptionCount);
    return counts;
  }

  async subscriptionCount(appId: string, channel: string): Promise<number> {
    return this.channels.for(appId).find(channel)?.subscriptionCount ?? 0;
  }

  /** Read from the registry when asked: nothing to record. */
  async recordSubscriptions(): Promise<void> {}

  async connections(appId: string): Promise<number> {
    return this.connectionsOf(appId);
  }

  async otherNodes(): Promise<string[]> {
    return [];
  }

  /** One node is the whole cluster: nothing can change behind its back. */
  onResync(): void {}

  async close(): Promise<void> {
    this.rosters.clear();
  }

  private roster(appId: string, channel: string): PresenceRoster {
    const key = `${appId}\n${channel}`;
    let roster = this.rosters.get(key);
    if (!roster) {
      roster = new PresenceRoster();
      this.rosters.set(key, roster);
    }
    return roster;
  }
}
