/**
 * Redis pub/sub between nodes (ioredis). Each Pusher channel is its own Redis
 * channel, and a node subscribes only while it has local subscribers there,
 * so it receives traffic only for channels it serves. One publishing
 * connection per node keeps each sender's messages in order.
 * Sits under dispatcher.ts: publish → Redis → every watching node's handler.
 * While Redis is unreachable the node keeps serving its own sockets: messages
 * are delivered locally instead of being queued for a Redis that may not return,
 * and nothing a socket does waits on Redis for longer than ANSWER_TIMEOUT_MS.
 */
import type { Redis } from 'ioredis';
import { ioredis } from '../config/optional-modules.js';
import type { Logger } from '../observability/log.js';
import type { Metrics } from '../observability/metrics.js';
import type { BroadcastHandler, BroadcastMessage, ControlHandler, ControlMessage, PubSub } from './pubsub.js';
import { ANSWER_TIMEOUT_MS, RedisLiveness, within } from './redis-liveness.js';

export interface RedisPubSubOptions {
  readonly url: string;
  readonly prefix: string;
  /** Apps whose channels go under a prefix of their own. */
  readonly appPrefixes?: ReadonlyMap<string, string>;
  readonly nodeId: string;
  readonly log: Logger;
  readonly metrics?: Pick<Metrics, 'redisPublishes' | 'redisRoundTrip'>;
}

/** The Redis channel of cluster-wide commands (ControlMessage), which `chorus restart` publishes on too. */
export function controlTopic(prefix: string): string {
  return `${prefix}control`;
}

export class RedisPubSub implements PubSub {
  readonly nodeId: string;
  private readonly publisher: Redis;
  private readonly subscriber: Redis;
  private readonly liveness: RedisLiveness;
  private readonly handlers: BroadcastHandler[] = [];
  private readonly controls: ControlHandler[] = [];
  private readonly watched = new Map<string, number>();
  /** SUBSCRIBEs Redis has not acknowledged yet, by topic. */
  private readonly subscribing = new Map<string, Promise<void>>();
  private readonly controlTopic: string;
  /** Whether Redis acknowledged this connection's subscriptions since it last (re)connected. */
  private subscribed = false;
  private lastState = '';

  constructor(private readonly options: RedisPubSubOptions) {
    this.nodeId = options.nodeId;
    this.controlTopic = controlTopic(options.prefix);
    const retry = (times: number): number => Math.min(1000, 100 * times);
    this.publisher = new (ioredis().Redis)(options.url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, retryStrategy: retry });
    // Subscriptions are made again by hand on every connect: a command resent from before a reconnect
    // (an UNSUBSCRIBE, say) could otherwise undo a subscription made since.
    this.subscriber = new (ioredis().Redis)(options.url, {
      autoResubscribe: false, autoResendUnfulfilledCommands: false, enableOfflineQueue: false, maxRetriesPerRequest: null, retryStrategy: retry,
    });
    for (const [name, client] of [['publisher', this.publisher], ['subscriber', this.subscriber]] as const) {
      client.on('error', (error: Error) => this.state(`${name} error: ${error.message}`, 'warn'));
      client.on('ready', () => this.state(`${name} ready`, 'info'));
      client.on('end', () => this.state(`${name} closed`, 'warn'));
    }
    this.subscriber.on('ready', () => this.subscribeAll());
    this.subscriber.on('close', () => {
      this.subscribed = false;
      this.subscribing.clear();
    });
    this.subscriber.on('messageBuffer', (topic: Buffer, payload: Buffer) => this.receive(topic.toString(), payload.toString()));
    this.liveness = new RedisLiveness(this.publisher, (answering) => {
      this.state(answering ? 'answering' : 'not answering: serving local clients only', answering ? 'info' : 'warn');
    }, (seconds) => options.metrics?.redisRoundTrip.observe(seconds));
  }

  publish(message: BroadcastMessage): void {
    const stamped = { ...message, origin: this.nodeId };
    if (!this.liveness.answering) return this.deliver(stamped);
    this.options.metrics?.redisPublishes.inc();
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
    // Not connected: the subscription is made with all the others once it is.
    if (count === 0 && this.subscriber.status === 'ready') this.track(topic, this.subscriber.subscribe(topic));
  }

  /** Until Redis acknowledges the SUBSCRIBE, at most ANSWER_TIMEOUT_MS; at once while Redis is down (delivery is local then). */
  whenWatching(appId: string, channel: string): Promise<void> {
    const pending = this.subscribing.get(this.topic(appId, channel));
    if (!pending || !this.health().healthy) return Promise.resolve();
    return within(pending, ANSWER_TIMEOUT_MS, undefined);
  }

  unwatch(appId: string, channel: string): void {
    const topic = this.topic(appId, channel);
    const count = this.watched.get(topic) ?? 0;
    if (count <= 1) {
      this.watched.delete(topic);
      if (this.subscriber.status === 'ready') void this.subscriber.unsubscribe(topic).catch(() => undefined);
    } else {
      this.watched.set(topic, count - 1);
    }
  }

  publishControl(message: ControlMessage): void {
    const local = (): void => this.controls.forEach((handler) => handler(message));
    if (!this.liveness.answering) return local();
    this.publisher.publish(this.controlTopic, JSON.stringify(message)).catch(local);
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
    const healthy = this.liveness.answering && this.subscriber.status === 'ready' && this.subscribed;
    return { healthy, detail: healthy ? 'redis connected' : `redis ${this.publisher.status}/${this.subscriber.status}: serving local clients only` };
  }

  /** How many Redis channels this node is subscribed to (for tests and metrics). */
  watchedCount(): number {
    return this.watched.size;
  }

  async close(): Promise<void> {
    this.liveness.close();
    this.publisher.disconnect();
    this.subscriber.disconnect();
  }

  /** On every (re)connect: the control channel and every watched channel, in one SUBSCRIBE. */
  private subscribeAll(): void {
    const topics = [this.controlTopic, ...this.watched.keys()];
    const done = this.subscriber.subscribe(...topics);
    for (const topic of topics) this.track(topic, done);
    void done.then(() => {
      if (this.subscriber.status === 'ready') this.subscribed = true;
    }, () => undefined);
  }

  private track(topic: string, subscribing: Promise<unknown>): void {
    const done = subscribing.then(() => undefined, () => undefined);
    this.subscribing.set(topic, done);
    void done.then(() => {
      if (this.subscribing.get(topic) === done) this.subscribing.delete(topic);
    });
  }

  private topic(appId: string, channel: string): string {
    return `${this.options.appPrefixes?.get(appId) ?? this.options.prefix}app:${appId}:ch:${channel}`;
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
