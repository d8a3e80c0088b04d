import { describe, expect, it } from 'vitest';
import { RateLimiter, WindowLimiter } from '../../../server/pusher/rate-limit.js';

describe('RateLimiter', () => {
  it('allows a burst of one second, then refills at the rate', () => {
    const limiter = new RateLimiter(10, 0);
    const allowed = Array.from({ length: 15 }, () => limiter.take(0)).filter(Boolean).length;
    expect(allowed).toBe(10);
    expect(limiter.take(50)).toBe(false);
    expect(limiter.take(100)).toBe(true);
    expect(limiter.take(100)).toBe(false);
    const afterASecond = Array.from({ length: 15 }, () => limiter.take(1200)).filter(Boolean).length;
    expect(afterASecond).toBe(10);
  });

  it('never limits at rate 0', () => {
    const limiter = new RateLimiter(0, 0);
    expect(Array.from({ length: 1000 }, () => limiter.take(0)).every(Boolean)).toBe(true);
  });

  it('handles rates below one a second', () => {
    const limiter = new RateLimiter(0.5, 0);
    expect(limiter.take(0)).toBe(true);
    expect(limiter.take(1000)).toBe(false);
    expect(limiter.take(2000)).toBe(true);
  });
});

describe('WindowLimiter (Laravel\'s RateLimiter, as Reverb uses it)', () => {
  it('lets maxAttempts through in the window that the first attempt opens, then refuses until it ends', () => {
    const limiter = new WindowLimiter(60, 60);
    const allowed = Array.from({ length: 100 }, () => limiter.take(1000)).filter(Boolean).length;
    expect(allowed).toBe(60);
    expect(limiter.take(60_999)).toBe(false);
    expect(limiter.take(61_000)).toBe(true);
  });

  it('does not count refused attempts, and a quiet spell opens a fresh window', () => {
    const limiter = new WindowLimiter(2, 1);
    expect([limiter.take(0), limiter.take(100), limiter.take(200), limiter.take(900)]).toEqual([true, true, false, false]);
    expect([limiter.take(1000), limiter.take(1500), limiter.take(1999)]).toEqual([true, true, false]);
    expect([limiter.take(5000), limiter.take(5999), limiter.take(5999)]).toEqual([true, true, false]);
  });
});
