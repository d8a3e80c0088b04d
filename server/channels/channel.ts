import { channelKind, type ChannelKind } from '../../shared/pusher/channels.js';
import { PresenceView } from './presence-view.js';

/** Anything that can receive frames: a Pusher session, in practice. */
export interface Subscriber {
  readonly socketId: string;
  /** A Buffer holds the UTF-8 bytes of a text frame. */
  send(frame: string | Buffer): void;
}

/**
 * One channel on this node: its local subscribers, and for presence channels
 * the member list they hold. (Who is present cluster-wide is cluster state: scaling/.)
 */
export class Channel {
  readonly kind: ChannelKind;
  readonly subscribers = new Map<string, Subscriber>();
  readonly presence: PresenceView | undefined;
  /** Events delivered here that a cache channel keeps: a subscriber that got one live needs no cached copy. */
  cachedDeliveries = 0;

  constructor(readonly name: string) {
    this.kind = channelKind(name);
    this.presence = this.kind === 'presence' ? new PresenceView() : undefined;
  }

  get subscriptionCount(): number {
    return this.subscribers.size;
  }

  /** Sends a pre-encoded frame to every subscriber but one (the sender, for client events). */
  broadcast(frame: string, exceptSocketId?: string): number {
    // Encode to UTF-8 once, not once per socket.
    const bytes = Buffer.from(frame);
    let delivered = 0;
    for (const [socketId, subscriber] of this.subscribers) {
      if (socketId === exceptSocketId) continue;
      subscriber.send(bytes);
      delivered += 1;
    }
    return delivered;
  }
}
