import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LeadingEdgeThrottle } from '../../../shared/util/throttle.js';

describe('LeadingEdgeThrottle', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('sends the first change at once and a burst once per interval', () => {
    let queued = 0;
    const sent: number[] = [];
    const throttle = new LeadingEdgeThrottle(50, () => {
      sent.push(queued);
      queued = 0;
    }, () => queued > 0);
    queued += 1;
    throttle.poke();
    expect(sent).toEqual([1]);
    for (let i = 0; i < 5; i += 1) {
      queued += 1;
      throttle.poke();
    }
    expect(sent).toEqual([1]);
    vi.advanceTimersByTime(50);
    expect(sent).toEqual([1, 5]);
    vi.advanceTimersByTime(50);
    expect(sent).toEqual([1, 5]);
    queued += 1;
    throttle.poke();
    expect(sent).toEqual([1, 5, 1]);
  });

  it('sends nothing after stop()', () => {
    const send = vi.fn();
    let pending = true;
    const throttle = new LeadingEdgeThrottle(50, send, () => pending);
    throttle.poke();
    throttle.poke();
    throttle.stop();
    vi.advanceTimersByTime(200);
    expect(send).toHaveBeenCalledTimes(1);
    pending = false;
  });
});
