/**
 * What the nodes of a cluster must agree on besides messages: who is present
 * in each presence channel, and how many subscriptions and connections there
 * are. In-process for one node; in Redis for several, so a join never asks
 * every node (no scatter-gather).
 */
import type { Member } from '../channels/presence.js';

export interface ClusterState {
  /** Records a socket's membership; `added` when its user became present cluster-wide. */
  joinPresence(appId: string, channel: string, socketId: string, member: Member): Promise<{ added: boolean } & Confirmation>;
  /** Removes a socket's membership; `removed` when that was its user's last socket anywhere. */
  leavePresence(appId: string, channel: string, socketId: string, userId: string): Promise<{ removed: boolean } & Confirmation>;
  /** user id → user_info of everyone present, on every node. */
  members(appId: string, channel: string): Promise<Map<string, unknown>>;
  memberCount(appId: string, channel: string): Promise<number>;
  hasMember(appId: string, channel: string, userId: string): Promise<boolean>;
  /**
   * Webhooks' ledger of what the app was told: marks the user (or, for
   * pseudo channels, the thing) as reported present; true when it was not
   * yet, so exactly one node reports it. False too when Redis does not
   * answer: changes the cluster could not confirm are not reported.
   */
  reportPresent(appId: string, channel: string, userId: string): Promise<boolean>;
  /** Marks it reported absent if it is absent now; true when that changed the ledger (one node reports it). */
  reportAbsent(appId: string, channel: string, userId: string): Promise<boolean>;
  /** Subscriptions per occupied channel, on every node. */
  subscriptions(appId: string): Promise<Map<string, number>>;
  /** One channel's subscriptions on every node: this node's as they are now, the others' as they last recorded them. */
  subscriptionCount(appId: string, channel: string): Promise<number>;
  /** Records this node's subscriptions to a channel at once (not with the next periodic write), before others count them. */
  recordSubscriptions(appId: string, channel: string, count: number): Promise<void>;
  connections(appId: string): Promise<number>;
  /** The other live nodes' ids, for the status view (none for a single node). */
  otherNodes(): Promise<string[]>;
  /**
   * `handler` is called when members may have changed without this node
   * hearing of it (after Redis trouble), to bring this node's clients up to date.
   */
  onResync(handler: (resync: PresenceResync) => Promise<void>): void;
  close(): Promise<void>;
}

/** One socket's membership of one presence channel on this node (or a pseudo one's: sign-ins, occupancy). */
export interface Membership {
  readonly appId: string;
  readonly channel: string;
  readonly socketId: string;
  readonly member: Member;
}

export interface Confirmation {
  /**
   * False when only this node's own state recorded the change (Redis did not
   * answer): it is told to this node's clients only, and the other nodes
   * learn it from the resync once Redis answers again.
   */
  readonly confirmed: boolean;
}

/** What a resync compares this node's member lists with. */
export interface PresenceResync {
  /** The channel's members cluster-wide; throws when they cannot be read (the resync is then tried again). */
  members(appId: string, channel: string): Promise<Map<string, unknown>>;
  /** False while some node may not have written its members back yet: a member missing now may still come. */
  readonly complete: boolean;
}

