import type { BroadcastHandler, BroadcastMessage, PubSub } from './pubsub.js';

/** In-process pub/sub: synchronous, so a single node delivers in publish order. */
export class LocalPubSub implements PubSub {
  private readonly handlers: BroadcastHandler[] = [];

  publish(message: BroadcastMessage): void {
    for (const handler of this.handlers) handler(message);
  }

  subscribe(handler: BroadcastHandler): void {
    this.handlers.push(handler);
  }

  async close(): Promise<void> {
    this.handlers.length = 0;
  }
}
