/**
 * The one seam every delivery crosses. HTTP triggers, client events and
 * presence changes are published here, and every node, the sender's included,
 * delivers from its subscription. In-process and Redis share this interface,
 * so one node and many nodes take the same path.
 */

/** A frame for one channel, already encoded, delivered to its subscribers on every node. */
export interface BroadcastMessage {
  readonly appId: string;
  readonly channel: string;
  readonly frame: string;
  /** The sender's socket, which must not receive its own event. */
  readonly exceptSocketId?: string;
}

export type BroadcastHandler = (message: BroadcastMessage) => void;

export interface PubSub {
  publish(message: BroadcastMessage): void;
  subscribe(handler: BroadcastHandler): void;
  close(): Promise<void>;
}
