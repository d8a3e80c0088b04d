import type { BroadcastHandler, BroadcastMessage, ControlHandler, ControlMessage, PubSub } from './pubsub.js';

/** In-process pub/sub: synchronous, so a single node delivers in publish order. */
export class LocalPubSub implements PubSub {
  private readonly handlers: BroadcastHandler[] = [];
  private readonly controls: ControlHandler[] = [];

  constructor(readonly nodeId = 'local') {}

  publish(message: BroadcastMessage): void {
    const stamped = { ...message, origin: this.nodeId };
    for (const handler of this.handlers) handler(stamped);
  }

  subscribe(handler: BroadcastHandler): void {
    this.handlers.push(handler);
  }

  watch(): void {}

  async whenWatching(): Promise<void> {}

  async ready(): Promise<void> {}

  unwatch(): void {}

  publishControl(message: ControlMessage): void {
    for (const handler of this.controls) handler(message);
  }

  onControl(handler: ControlHandler): void {
    this.controls.push(handler);
  }

  health(): { healthy: boolean; detail: string } {
    return { healthy: true, detail: 'single node' };
  }

  async close(): Promise<void> {
    this.handlers.length = 0;
    this.controls.length = 0;
  }
}
