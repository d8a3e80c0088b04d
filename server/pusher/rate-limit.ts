/**
 * Token bucket: `ratePerSecond` tokens a second, bursts up to one second's
 * worth. A rate of 0 means unlimited.
 */
export class RateLimiter {
  private tokens: number;
  private last: number;

  constructor(private readonly ratePerSecond: number, now: number = Date.now()) {
    this.tokens = Math.max(ratePerSecond, 1);
    this.last = now;
  }

  take(now: number = Date.now()): boolean {
    if (this.ratePerSecond <= 0) return true;
    const capacity = Math.max(this.ratePerSecond, 1);
    this.tokens = Math.min(capacity, this.tokens + ((now - this.last) / 1000) * this.ratePerSecond);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
