/** What every limiter answers: whether one more event may pass now. */
export interface Limiter {
  take(now?: number): boolean;
}

export const UNLIMITED: Limiter = { take: () => true };

/**
 * Token bucket: `ratePerSecond` tokens a second, bursts up to one second's
 * worth. A rate of 0 means unlimited.
 */
export class RateLimiter implements Limiter {
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

/**
 * Laravel's RateLimiter as Reverb applies it: the first attempt opens a window
 * of `decaySeconds`; `maxAttempts` pass in it, and the rest are refused (and
 * not counted) until it ends.
 */
export class WindowLimiter implements Limiter {
  private windowEnds = Number.NEGATIVE_INFINITY;
  private attempts = 0;

  constructor(private readonly maxAttempts: number, private readonly decaySeconds: number) {}

  take(now: number = Date.now()): boolean {
    if (now >= this.windowEnds) {
      this.windowEnds = now + this.decaySeconds * 1000;
      this.attempts = 0;
    }
    if (this.attempts >= this.maxAttempts) return false;
    this.attempts += 1;
    return true;
  }
}
