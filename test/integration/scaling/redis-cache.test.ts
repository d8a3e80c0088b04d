/** The Redis side of cache channels, against a real redis-server: TTL, the per-app budget, one miss per empty spell. */
import { afterEach, describe, expect, it } from 'vitest';
import { createCapturingLogger } from '../../../server/observability/log.js';
import { RedisChannelCache } from '../../../server/scaling/redis-cache.js';
import { RedisKeys } from '../../../server/scaling/redis-keys.js';
import { useRedis } from '../../helpers/fixtures.js';
import type { TestRedis } from '../../helpers/redis.js';
import { waitFor } from '../../helpers/wait.js';

let redis: TestRedis;
const caches: RedisChannelCache[] = [];

useRedis((r) => {
  redis = r;
});
afterEach(async () => {
  await Promise.all(caches.splice(0).map((c) => c.close()));
  await redis.client().flushall();
});

async function cache(maxChannels: number, prefixes = new Map<string, string>()): Promise<RedisChannelCache> {
  const made = new RedisChannelCache({ url: redis.url, keys: new RedisKeys('t:', prefixes), ttlMs: 60_000, maxChannels, log: createCapturingLogger('debug') });
  caches.push(made);
  // Redis is asked once the connection answered a ping; until then this node's memory answers.
  await waitFor(async () => (await made.claimMiss('probe', `c${Date.now()}`)) && (await redis.client().keys('t:app:probe:*')).length > 0, { what: 'redis to answer' });
  return made;
}

describe('cache channels in Redis', () => {
  it('keeps the last event for every node, with its TTL, and at most maxChannels per app', async () => {
    const [one, other] = [await cache(2), await cache(2)];
    await one.put('a', 'cache-1', { event: 'e', data: '1' });
    await one.put('a', 'cache-2', { event: 'e', data: '2' });
    await other.put('a', 'cache-3', { event: 'e', data: '3' });
    await other.put('b', 'cache-1', { event: 'e', data: 'b1' });
    expect(await other.get('a', 'cache-1')).toBeUndefined();
    expect(await other.get('a', 'cache-2')).toMatchObject({ event: { event: 'e', data: '2' } });
    expect((await one.get('a', 'cache-3'))?.ttlMs).toBeGreaterThan(59_000);
    expect((await one.get('b', 'cache-1'))?.event.data).toBe('b1');
    expect(await redis.client().zcard('t:app:a:cache-index')).toBe(2);
  });

  it('claims one miss per empty spell across nodes, again after a put', async () => {
    const [one, other] = [await cache(10), await cache(10)];
    expect(await one.claimMiss('a', 'cache-x')).toBe(true);
    expect(await other.claimMiss('a', 'cache-x')).toBe(false);
    await other.put('a', 'cache-x', { event: 'e', data: '' });
    expect(await one.claimMiss('a', 'cache-x')).toBe(true);
  });

  it('keeps an app with a prefix of its own under it', async () => {
    const own = await cache(10, new Map([['a', 'tenant:']]));
    await own.put('a', 'cache-x', { event: 'e', data: '' });
    expect(await redis.client().exists('tenant:app:a:cache:cache-x')).toBe(1);
  });
});
