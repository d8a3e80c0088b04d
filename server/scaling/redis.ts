/**
 * Redis pub/sub between nodes (ioredis). Each Pusher channel is its own Redis
 * channel, and a node subscribes only while it has local subscribers there,
 * so it receives traffic only for channels it serves. One publishing
 * connection per node keeps each sender's messages in order.
 * Sits under dispatcher.ts: publish → Redis → every watching node's handler.
 * While Redis is unreachable the node keeps serving its own sockets: messages
 * are delivered locally instead of being queued for a Redis that may not return.
 */
import { Redis } from 'ioredis';
import type { Logger } from '../observability/log.js';
import type { BroadcastHandler, BroadcastMessage, ControlHandler, ControlMessage, PubSub } from './pubsub.js';

export interface RedisPubSubOptions {
  readonly url: string;
  readonly prefix: string;
  readonly nodeId: string;
  readonly log: Logger;
}

export class RedisPubSub implements PubSub {
  readonly nodeId: string;
  private readonly publisher: Redis;
  private readonly subscriber: Redis;
  private readonly handlers: BroadcastHandler[] = [];
  private readonly controls: ControlHandler[] = [];
  private readonly watched = new Map<string, number>();
  private readonly subscribing = new Map<string, Promise<void>>();
  private readonly controlTopic: string;
  private lastState = '';
  /** Redis that holds the connection but does not answer (paused, overloaded) counts as down. */
  private stalled = false;
  private readonly liveness: NodeJS.Timeout;

  constructor(private readonly options: RedisPubSubOptions) {
    this.nodeId = options.nodeId;
    this.controlTopic = `${options.prefix}control`;
    const retry = (times: number): number => Math.min(2000, 100 * times);
    this.publisher = new Redis(options.url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, retryStrategy: retry, lazyConnect: false });
    this.subscriber = new Redis(options.url, { autoResubscribe: true, maxRetriesPerRequest: null, retryStrategy: retry });
    for (const [name, client] of [['publisher', this.publisher], ['subscriber', this.subscriber]] as const) {
      client.on('error', (error: Error) => this.state(`${name} error: ${error.message}`, 'warn'));
      client.on('ready', () => this.state(`${name} ready`, 'info'));
      client.on('end', () => this.state(`${name} closed`, 'warn'));
    }
    this.subscriber.on('messageBuffer', (topic: Buffer, payload: Buffer) => this.receive(topic.toString(), payload.toString()));
    void this.subscriber.subscribe(this.controlTopic).catch(() => undefined);
    this.liveness = setInterval(() => void this.checkLiveness(), 1000);
    this.liveness.unref();
  }

  private async checkLiveness(): Promise<void> {
    if (this.publisher.status !== 'ready') return;
    const answered = await Promise.race([
      this.publisher.ping().then(() => true, () => false),
      new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 1500)),
    ]);
    if (answered === !this.stalled) return;
    this.stalled = !answered;
    this.state(this.stalled ? 'not answering: serving local clients only' : 'answering again', this.stalled ? 'warn' : 'info');
  }

  publish(message: BroadcastMessage): void {
    const stamped = { ...message, origin: this.nodeId };
    if (this.publisher.status !== 'ready' || this.stalled) return this.deliver(stamped);
    this.publisher.publish(this.topic(message.appId, message.channel), JSON.stringify(stamped)).catch((error: Error) => {
      this.state(`publish failed: ${error.message}`, 'warn');
      this.deliver(stamped);
    });
  }

  subscribe(handler: BroadcastHandler): void {
    this.handlers.push(handler);
  }

  watch(appId: string, channel: string): void {
    const topic = this.topic(appId, channel);
    const count = this.watched.get(topic) ?? 0;
    this.watched.set(topic, count + 1);
    if (count === 0) {
      const done = this.subscriber.subscribe(topic).then(() => undefined, () => undefined);
      this.subscribing.set(topic, done);
      void done.then(() => {
        if (this.subscribing.get(topic) === done) this.subscribing.delete(topic);
      });
    }
  }

  whenWatching(appId: string, channel: string): Promise<void> {
    return this.subscribing.get(this.topic(appId, channel)) ?? Promise.resolve();
  }

  unwatch(appId: string, channel: string): void {
    const topic = this.topic(appId, channel);
    const count = this.watched.get(topic) ?? 0;
    if (count <= 1) {
      this.watched.delete(topic);
      void this.subscriber.unsubscribe(topic).catch(() => undefined);
    } else {
      this.watched.set(topic, count - 1);
    }
  }

  publishControl(message: ControlMessage): void {
    if (this.publisher.status !== 'ready') return this.controls.forEach((handler) => handler(message));
    this.publisher.publish(this.controlTopic, JSON.stringify(message)).catch(() => this.controls.forEach((handler) => handler(message)));
  }

  onControl(handler: ControlHandler): void {
    this.controls.push(handler);
  }

  ready(timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(finish, timeoutMs);
      const check = (): void => {
        if (this.health().healthy) finish();
      };
      function finish(): void {
        clearTimeout(timer);
        clearInterval(poll);
        resolve();
      }
      // Both connections must be up; 'ready' events come one per client, so poll their state briefly.
      const poll = setInterval(check, 20);
      check();
    });
  }

  health(): { healthy: boolean; detail: string } {
    const healthy = this.publisher.status === 'ready' && this.subscriber.status === 'ready' && !this.stalled;
    return { healthy, detail: healthy ? 'redis connected' : `redis ${this.publisher.status}/${this.subscriber.status}: serving local clients only` };
  }

  /** How many Redis channels this node is subscribed to (for tests and metrics). */
  watchedCount(): number {
    return this.watched.size;
  }

  async close(): Promise<void> {
    clearInterval(this.liveness);
    this.publisher.disconnect();
    this.subscriber.disconnect();
  }

  private topic(appId: string, channel: string): string {
    return `${this.options.prefix}app:${appId}:ch:${channel}`;
  }

  private receive(topic: string, payload: string): void {
    try {
      if (topic === this.controlTopic) {
        const control = JSON.parse(payload) as ControlMessage;
        this.controls.forEach((handler) => handler(control));
        return;
      }
      this.deliver(JSON.parse(payload) as BroadcastMessage);
    } catch (error) {
      // A bad message from Redis must never reach past this boundary.
      this.options.log.error('dropped an unreadable pub/sub message', { err: error, topic });
    }
  }

  private deliver(message: BroadcastMessage): void {
    for (const handler of this.handlers) handler(message);
  }

  /** Logs connection changes once each, not on every retry. */
  private state(text: string, level: 'info' | 'warn'): void {
    if (text === this.lastState) return;
    this.lastState = text;
    this.options.log[level](`redis ${text}`, { node: this.nodeId });
  }
}
