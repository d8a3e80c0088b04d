/**
 * The cluster's control channel as `chorus restart` hears it: every message
 * since it subscribed, kept in order, so that a wait can begin at any point
 * of the past without missing what arrived in the same breath.
 */
import type { Redis } from 'ioredis';
import { ioredis } from '../config/optional-modules.js';
import type { ControlMessage } from '../scaling/pubsub.js';
import { controlTopic } from '../scaling/redis.js';

export class ControlInbox {
  private readonly received: ControlMessage[] = [];
  private readonly waiters = new Set<() => void>();

  private constructor(private readonly redis: Redis) {
    redis.on('message', (_topic: string, payload: string) => {
      try {
        this.received.push(JSON.parse(payload) as ControlMessage);
      } catch {
        return; // not ours to read
      }
      for (const wake of [...this.waiters]) wake();
    });
  }

  static async open(url: string, prefix: string): Promise<ControlInbox> {
    const redis = commandLineRedis(url);
    await redis.subscribe(controlTopic(prefix));
    return new ControlInbox(redis);
  }

  /** How many messages have arrived: a mark to wait from. */
  get mark(): number {
    return this.received.length;
  }

  /** The first message from `mark` on that `matches`, or undefined after timeoutMs. */
  next<T extends ControlMessage>(matches: (message: ControlMessage) => message is T, from: number, timeoutMs: number): Promise<{ message: T; at: number } | undefined> {
    return new Promise((resolve) => {
      const look = (): void => {
        for (let at = from; at < this.received.length; at += 1) {
          const message = this.received[at]!;
          if (matches(message)) return settle({ message, at });
        }
      };
      const settle = (found: { message: T; at: number } | undefined): void => {
        clearTimeout(timer);
        this.waiters.delete(look);
        resolve(found);
      };
      const timer = setTimeout(() => settle(undefined), timeoutMs);
      this.waiters.add(look);
      look();
    });
  }

  close(): void {
    this.redis.disconnect();
  }
}

/** A connection for a command that runs once: a few quick retries, then an error instead of waiting for ever. */
export function commandLineRedis(url: string): Redis {
  const redis = new (ioredis().Redis)(url, { maxRetriesPerRequest: 1, connectTimeout: 5000, retryStrategy: (times) => (times > 3 ? null : 200 * times) });
  redis.on('error', () => undefined); // the failing command says what went wrong
  return redis;
}
