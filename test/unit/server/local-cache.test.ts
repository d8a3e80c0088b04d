import { afterEach, describe, expect, it, vi } from 'vitest';
import { LocalChannelCache } from '../../../server/scaling/local-cache.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('cache channels in memory', () => {
  it('keeps the last event per channel with the time it has left, and forgets it after the TTL', async () => {
    vi.useFakeTimers();
    const cache = new LocalChannelCache(1000, 10);
    await cache.put('a', 'cache-x', { event: 'e', data: '1' });
    await cache.put('a', 'cache-x', { event: 'e', data: '2' });
    vi.advanceTimersByTime(400);
    expect(await cache.get('a', 'cache-x')).toEqual({ event: { event: 'e', data: '2' }, ttlMs: 600 });
    expect(await cache.get('b', 'cache-x')).toBeUndefined();
    vi.advanceTimersByTime(600);
    expect(await cache.get('a', 'cache-x')).toBeUndefined();
  });

  it('keeps at most maxChannels per app, the oldest put going first', async () => {
    const cache = new LocalChannelCache(60_000, 2);
    for (const channel of ['cache-1', 'cache-2', 'cache-1', 'cache-3']) await cache.put('a', channel, { event: 'e', data: channel });
    expect(await cache.get('a', 'cache-2')).toBeUndefined();
    expect((await cache.get('a', 'cache-1'))?.event.data).toBe('cache-1');
    expect((await cache.get('a', 'cache-3'))?.event.data).toBe('cache-3');
  });

  it('claims one miss per empty spell: again only after a put', async () => {
    const cache = new LocalChannelCache(60_000, 2);
    expect(await cache.claimMiss('a', 'cache-x')).toBe(true);
    expect(await cache.claimMiss('a', 'cache-x')).toBe(false);
    expect(await cache.claimMiss('a', 'cache-y')).toBe(true);
    await cache.put('a', 'cache-x', { event: 'e', data: '' });
    expect(await cache.claimMiss('a', 'cache-x')).toBe(true);
  });
});
