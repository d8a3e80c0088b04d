import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../../../server/pusher/rate-limit.js';

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
