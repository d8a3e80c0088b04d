import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { KeyedThrottle, THROTTLE_MS } from '../../../server/pusher/count-throttle.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

/** A task that reports the count it is given and records when it ran. */
function counting(count: () => number, runs: number[]): () => Promise<number> {
  return async () => {
    runs.push(Date.now());
    return count();
  };
}

describe('subscription count pace', () => {
  it('runs every change at once up to 100, folding changes made while a run is under way into one more run', async () => {
    const throttle = new KeyedThrottle();
    const runs: number[] = [];
    const task = counting(() => 3, runs);
    throttle.run('a', task);
    throttle.run('a', task);
    throttle.run('a', task);
    await vi.advanceTimersByTimeAsync(0);
    expect(runs).toHaveLength(2);
    throttle.run('a', task);
    await vi.advanceTimersByTimeAsync(0);
    expect(runs).toHaveLength(3);
  });

  it('above 100 runs at most once per 5 s, the waiting run going out when its turn comes', async () => {
    const throttle = new KeyedThrottle();
    const runs: number[] = [];
    const task = counting(() => 150, runs);
    throttle.run('a', task);
    await vi.advanceTimersByTimeAsync(0);
    for (let i = 0; i < 10; i += 1) {
      throttle.run('a', task);
      await vi.advanceTimersByTimeAsync(100);
    }
    expect(runs).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(THROTTLE_MS);
    expect(runs).toHaveLength(2);
    expect(runs[1]! - runs[0]!).toBe(THROTTLE_MS);
    await vi.advanceTimersByTimeAsync(THROTTLE_MS * 3);
    expect(runs).toHaveLength(2);
  });

  it('paces each key on its own and forgets quiet ones', async () => {
    const throttle = new KeyedThrottle();
    const runs: number[] = [];
    throttle.run('big', counting(() => 500, runs));
    throttle.run('small', counting(() => 5, runs));
    await vi.advanceTimersByTimeAsync(0);
    throttle.run('small', counting(() => 5, runs));
    await vi.advanceTimersByTimeAsync(0);
    expect(runs).toHaveLength(3);
    await vi.advanceTimersByTimeAsync(THROTTLE_MS);
    expect((throttle as unknown as { keys: Map<string, unknown> }).keys.size).toBe(0);
  });
});
