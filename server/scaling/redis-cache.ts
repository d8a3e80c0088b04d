/**
 * Cache channels in Redis: one key per channel holding its last event, with
 * the TTL as the key's expiry, and per app a sorted set of those keys by
 * expiry that bounds how many are kept (the oldest go first). Every write is
 * also kept in this node's memory, which answers while Redis does not.
 */
import type { Redis } from 'ioredis';
import { ioredis } from '../config/optional-modules.js';
import type { Logger } from '../observability/log.js';
import { MISS_WINDOW_MS, type CachedEvent, type ChannelCache } from './channel-cache.js';
import { LocalChannelCache } from './local-cache.js';
import type { RedisKeys } from './redis-keys.js';
import { ANSWER_TIMEOUT_MS, RedisLiveness } from './redis-liveness.js';

// KEYS: the entry, the app's index, the channel's miss claim. ARGV: event JSON, ttl ms, now ms, most entries.
const PUT = `
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
redis.call('ZADD', KEYS[2], tonumber(ARGV[3]) + tonumber(ARGV[2]), KEYS[1])
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', ARGV[3])
local over = redis.call('ZCARD', KEYS[2]) - tonumber(ARGV[4])
if over > 0 then
  for _, key in ipairs(redis.call('ZRANGE', KEYS[2], 0, over - 1)) do redis.call('DEL', key) end
  redis.call('ZREMRANGEBYRANK', KEYS[2], 0, over - 1)
end
redis.call('DEL', KEYS[3])
return 1`;

type CacheClient = Redis & { cachePut(entry: string, index: string, miss: string, event: string, ttlMs: number, now: number, max: number): Promise<number> };

export interface RedisCacheOptions {
  readonly url: string;
  readonly keys: RedisKeys;
  readonly ttlMs: number;
  readonly maxChannels: number;
  readonly log: Logger;
}

export class RedisChannelCache implements ChannelCache {
  private readonly redis: CacheClient;
  private readonly liveness: RedisLiveness;
  private readonly local: LocalChannelCache;

  constructor(private readonly options: RedisCacheOptions) {
    this.local = new LocalChannelCache(options.ttlMs, options.maxChannels);
    const redis = new (ioredis().Redis)(options.url, { maxRetriesPerRequest: 1, enableOfflineQueue: false, commandTimeout: ANSWER_TIMEOUT_MS, retryStrategy: (n) => Math.min(1000, 100 * n) });
    redis.on('error', () => undefined); // the pub/sub logs connection trouble once
    redis.defineCommand('cachePut', { numberOfKeys: 3, lua: PUT });
    this.redis = redis as CacheClient;
    this.liveness = new RedisLiveness(this.redis, () => undefined);
  }

  async put(appId: string, channel: string, event: CachedEvent): Promise<void> {
    await this.local.put(appId, channel, event);
    const { keys, ttlMs, maxChannels } = this.options;
    await this.ask(() => this.redis.cachePut(keys.cache(appId, channel), keys.cacheIndex(appId), keys.cacheMiss(appId, channel),
      JSON.stringify(event), ttlMs, Date.now(), maxChannels));
  }

  async get(appId: string, channel: string): Promise<{ event: CachedEvent; ttlMs: number } | undefined> {
    const key = this.options.keys.cache(appId, channel);
    const answer = await this.ask(async () => {
      const [[, text], [, ttlMs]] = (await this.redis.multi().get(key).pttl(key).exec()) as [[unknown, string | null], [unknown, number]];
      return text === null || ttlMs <= 0 ? undefined : { event: JSON.parse(text) as CachedEvent, ttlMs };
    });
    return answer ? answer.value : this.local.get(appId, channel);
  }

  async claimMiss(appId: string, channel: string): Promise<boolean> {
    const answer = await this.ask(async () => (await this.redis.set(this.options.keys.cacheMiss(appId, channel), '1', 'PX', MISS_WINDOW_MS, 'NX')) === 'OK');
    return answer ? answer.value : this.local.claimMiss(appId, channel);
  }

  async close(): Promise<void> {
    this.liveness.close();
    this.redis.disconnect();
    await this.local.close();
  }

  /** Redis's answer, or undefined (this node's memory answers) when it is known not to answer or fails now. */
  private async ask<T>(work: () => Promise<T>): Promise<{ value: T } | undefined> {
    if (!this.liveness.answering) return undefined;
    try {
      return { value: await work() };
    } catch (error) {
      this.liveness.suspect();
      this.options.log.warn('cache channels: redis did not answer; this node\'s own copy answers meanwhile', { err: error });
      return undefined;
    }
  }
}
