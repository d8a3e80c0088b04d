/**
 * The one delivery path: everything meant for a channel's subscribers is
 * published through the pub/sub seam, and delivered from its subscription on
 * every node (this one included).
 */
import { encodeServerFrame } from '../../shared/pusher/frames.js';
import type { AppChannels } from '../channels/registry.js';
import type { BroadcastMessage, PubSub } from '../scaling/pubsub.js';

export class Dispatcher {
  constructor(private readonly pubsub: PubSub, private readonly channels: AppChannels) {
    pubsub.subscribe((message) => this.deliver(message));
  }

  /** Publishes an event to a channel's subscribers on every node. */
  publish(appId: string, channel: string, event: string, data: unknown, options: { except?: string; userId?: string } = {}): void {
    const frame = encodeServerFrame(event, data, channel, options.userId);
    this.pubsub.publish(options.except === undefined ? { appId, channel, frame } : { appId, channel, frame, exceptSocketId: options.except });
  }

  private deliver(message: BroadcastMessage): void {
    this.channels.for(message.appId).find(message.channel)?.broadcast(message.frame, message.exceptSocketId);
  }
}
