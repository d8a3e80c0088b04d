/**
 * pusher_internal:subscription_count, for apps that opt in, on every channel
 * but presence ones (as Pusher): whenever a socket subscribes or leaves,
 * every subscriber on every node hears the channel's count. The node where
 * it changed records its own count in the cluster state at once, then tells
 * the nodes watching the channel; each node reads the cluster-wide count and
 * tells its own subscribers. Above 100 subscribers a node sends at most one
 * count every 5 s per channel while changes keep coming, as Pusher does; the
 * subscription_count webhook, sent by the node where it changed, likewise.
 */
import { channelKind, isInternalChannel } from '../../shared/pusher/channels.js';
import { PusherEvent } from '../../shared/pusher/events.js';
import { encodeServerFrame } from '../../shared/pusher/frames.js';
import type { AppChannels } from '../channels/registry.js';
import type { AppConfig } from '../config/types.js';
import type { ClusterState } from '../scaling/cluster-state.js';
import { KeyedThrottle } from './count-throttle.js';
import type { Dispatcher } from './dispatcher.js';

/** The node-to-node message saying a channel's count changed elsewhere. */
export const COUNT_CHANGED = 'subscription-count';

export interface SubscriptionCountDeps {
  readonly cluster: ClusterState;
  readonly channels: AppChannels;
  readonly dispatcher: Dispatcher;
  /** The count after a change on this node, for the apps that want it (the subscription_count webhook). */
  readonly report?: { wants(appId: string): boolean; send(appId: string, channel: string, count: number): void };
}

export function countsSubscriptions(app: AppConfig, channel: string): boolean {
  return app.subscriptionCount && channelKind(channel) !== 'presence' && !isInternalChannel(channel);
}

export class SubscriptionCounts {
  private readonly broadcasts = new KeyedThrottle();
  private readonly reports = new KeyedThrottle();

  constructor(private readonly deps: SubscriptionCountDeps) {}

  /** After a socket of this node subscribed to the channel or left it. */
  async changed(app: AppConfig, channel: string): Promise<void> {
    if (!countsSubscriptions(app, channel)) return;
    const { cluster, channels, dispatcher } = this.deps;
    await cluster.recordSubscriptions(app.id, channel, channels.for(app.id).find(channel)?.subscriptionCount ?? 0);
    dispatcher.publishToNodes(app.id, channel, { kind: COUNT_CHANGED, data: '' });
    this.heardOf(app.id, channel);
    const report = this.deps.report;
    if (report?.wants(app.id)) this.reports.run(`${app.id}\n${channel}`, async () => {
      const count = await cluster.subscriptionCount(app.id, channel);
      report.send(app.id, channel, count);
      return count;
    });
  }

  /** The count changed here or on another node: tell this node's subscribers. */
  heardOf(appId: string, channel: string): void {
    this.broadcasts.run(`${appId}\n${channel}`, async () => {
      const local = this.deps.channels.for(appId).find(channel);
      if (!local) return 0;
      const count = await this.deps.cluster.subscriptionCount(appId, channel);
      local.broadcast(encodeServerFrame(PusherEvent.subscriptionCount, { subscription_count: count }, channel));
      return count;
    });
  }
}
