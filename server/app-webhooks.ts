/**
 * The composition root's webhooks half: the queues per receiver, the
 * cluster-wide decisions about channels and members, and the adapters that
 * let the Pusher layer and the document store report to them.
 */
import { docChannel } from '../shared/doc/events.js';
import type { StoreEvents } from './collab/store-events.js';
import type { Config } from './config/types.js';
import type { Logger } from './observability/log.js';
import type { Metrics } from './observability/metrics.js';
import type { Activity } from './pusher/activity.js';
import type { ClusterState } from './scaling/cluster-state.js';
import { ChannelLifecycle } from './webhooks/channel-lifecycle.js';
import { Webhooks } from './webhooks/webhooks.js';

export interface WebhookParts {
  readonly webhooks: Webhooks;
  readonly lifecycle: ChannelLifecycle;
  readonly activity: Activity;
  /** For the subscription_count webhook: the count after a change on this node. */
  readonly countChanged: { wants(appId: string): boolean; send(appId: string, channel: string, count: number): void };
  /** document_created, document_stored and document_version_created. */
  readonly storeEvents: StoreEvents;
  /** Sends what waits (checks after their grace first), until the deadline; then stops. */
  close(deadline: number): Promise<void>;
}

export function createWebhooks(config: Config, cluster: ClusterState, log: Logger, metrics: Metrics): WebhookParts {
  const webhooks = new Webhooks({
    apps: config.apps, settings: config.webhooks, log,
    outcome: (result) => metrics.webhookRequests.inc({ result }),
    lost: (events, reason) => metrics.webhookEventsLost.inc({ reason }, events),
  });
  const lifecycle = new ChannelLifecycle({ cluster, webhooks, nodeId: config.scaling.nodeId, graceMs: config.webhooks.graceMs, log });
  const activity: Activity = {
    wants: (appId, name) => webhooks.wants(appId, name),
    memberAdded: (appId, channel, userId) => lifecycle.memberAdded(appId, channel, userId),
    memberRemoved: (appId, channel, userId) => lifecycle.memberRemoved(appId, channel, userId),
    clientEvent: (appId, { channel, event, data, socketId, userId }) => webhooks.send(appId, {
      name: 'client_event', channel, event, data, socket_id: socketId, ...(userId === undefined ? {} : { user_id: userId }),
    }),
    cacheMissed: (appId, channel) => webhooks.send(appId, { name: 'cache_miss', channel }),
  };
  return {
    webhooks, lifecycle, activity,
    storeEvents: {
      created: ({ appId, docId }) => webhooks.send(appId, { name: 'document_created', channel: docChannel(docId), document_id: docId }),
      // Writes of one document waiting in the same batch are one event: the receiver reads the document as it is.
      stored: ({ appId, docId }) => webhooks.send(appId, { name: 'document_stored', channel: docChannel(docId), document_id: docId }, `stored:${docId}`),
      versionAdded: ({ appId, docId }, version) => webhooks.send(appId, {
        name: 'document_version_created', channel: docChannel(docId), document_id: docId,
        version_id: version.id, kind: version.kind, version_name: version.name, created_at: version.createdAt.toISOString(),
        authors: version.authors.map((author) => author.id),
      }),
    },
    countChanged: {
      wants: (appId) => webhooks.wants(appId, 'subscription_count'),
      send: (appId, channel, count) => webhooks.send(appId, { name: 'subscription_count', channel, subscription_count: count }),
    },
    async close(deadline) {
      await lifecycle.settle(Math.min(deadline, Date.now() + config.webhooks.graceMs + 1000));
      await webhooks.drain(deadline);
      webhooks.close();
    },
  };
}
