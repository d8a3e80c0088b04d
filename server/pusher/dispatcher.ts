/**
 * The one delivery path: everything meant for a channel's subscribers is
 * published through the pub/sub seam, and delivered from its subscription on
 * every node that has subscribers there (this one included). Messages from
 * other nodes that carry a hook payload also reach the channel's hook.
 * member_added / member_removed reach a node's subscribers only when they
 * change the list those subscribers hold (channels/presence-view.ts).
 */
import { PusherEvent } from '../../shared/pusher/events.js';
import { encodeServerFrame } from '../../shared/pusher/frames.js';
import type { Channel } from '../channels/channel.js';
import type { PresenceChange } from '../channels/presence-view.js';
import type { AppChannels } from '../channels/registry.js';
import type { BroadcastMessage, HookPayload, PubSub } from '../scaling/pubsub.js';

export type RemoteHookHandler = (message: BroadcastMessage & { hook: HookPayload }) => void;

export interface PublishOptions {
  readonly except?: string;
  readonly userId?: string;
  readonly hook?: HookPayload;
  /** The event is the cache channel's new last event. */
  readonly cached?: boolean;
}

export class Dispatcher {
  private remoteHandler: RemoteHookHandler = () => undefined;

  constructor(private readonly pubsub: PubSub, private readonly channels: AppChannels) {
    pubsub.subscribe((message) => this.deliver(message));
  }

  get nodeId(): string {
    return this.pubsub.nodeId;
  }

  /** Publishes an event to a channel's subscribers on every node. */
  publish(appId: string, channel: string, event: string, data: unknown, options: PublishOptions = {}): void {
    const frame = encodeServerFrame(event, data, channel, options.userId);
    this.pubsub.publish({
      appId, channel, frame,
      ...(options.except === undefined ? {} : { exceptSocketId: options.except }),
      ...(options.hook === undefined ? {} : { hook: options.hook }),
      ...(options.cached ? { cached: true } : {}),
    });
  }

  /**
   * Tells a presence channel's subscribers that a member joined or left: on
   * every node, or on this one only (`everywhere: false`) when the cluster
   * state could not confirm it, or when repairing this node's lists.
   */
  announce(appId: string, channel: string, change: PresenceChange, options: { everywhere: boolean; except?: string }): void {
    const [event, data] = change.type === 'added'
      ? [PusherEvent.memberAdded, { user_id: change.userId, user_info: change.userInfo }]
      : [PusherEvent.memberRemoved, { user_id: change.userId }];
    const message: BroadcastMessage = {
      appId, channel, frame: encodeServerFrame(event, data, channel), presence: change,
      ...(options.except === undefined ? {} : { exceptSocketId: options.except }),
    };
    if (options.everywhere) this.pubsub.publish(message);
    else this.deliver({ ...message, origin: this.pubsub.nodeId });
  }

  /** A node-to-node message for the channel's hook on the other nodes; no socket sees it. */
  publishToNodes(appId: string, channel: string, hook: HookPayload): void {
    this.pubsub.publish({ appId, channel, hook });
  }

  onRemoteHook(handler: RemoteHookHandler): void {
    this.remoteHandler = handler;
  }

  private deliver(message: BroadcastMessage): void {
    if (message.frame !== undefined) {
      const channel = this.channels.for(message.appId).find(message.channel);
      if (channel && message.cached) channel.cachedDeliveries += 1;
      if (channel && changesList(channel, message)) channel.broadcast(message.frame, message.exceptSocketId);
    }
    if (message.hook && message.origin !== this.pubsub.nodeId) this.remoteHandler(message as BroadcastMessage & { hook: HookPayload });
  }
}

/** False for a member change this node's subscribers hold already: they are not told twice. */
function changesList(channel: Channel, message: BroadcastMessage): boolean {
  return message.presence === undefined || channel.presence === undefined || channel.presence.apply(message.presence);
}
