import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { closeOffsets, spreadOver } from '../../../server/transport/spread.js';

describe('closeOffsets', () => {
  it('plans distinct, increasing offsets from 0, all inside the window, when the window has room', () => {
    const offsets = closeOffsets(10, 3000);
    expect(offsets).toEqual([0, 300, 600, 900, 1200, 1500, 1800, 2100, 2400, 2700]);
  });

  it('never plans past the window, however many sockets share it', () => {
    const offsets = closeOffsets(7000, 1000);
    expect(offsets[0]).toBe(0);
    expect(Math.max(...offsets)).toBeLessThan(1000);
    expect(offsets.every((offset, i) => i === 0 || offset >= offsets[i - 1]!)).toBe(true);
  });

  it('plans everything at once for an empty window, and nothing for no sockets', () => {
    expect(closeOffsets(3, 0)).toEqual([0, 0, 0]);
    expect(closeOffsets(0, 5000)).toEqual([]);
  });
});

describe('spreadOver', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('closes each item at its planned offset, in order, and not before', async () => {
    const closed: [string, number, number][] = [];
    const started = Date.now();
    const spread = spreadOver(['a', 'b', 'c', 'd'], 2000, (item, offset) => closed.push([item, offset, Date.now() - started]));
    expect(closed).toEqual([['a', 0, 0]]);
    await vi.advanceTimersByTimeAsync(499);
    expect(closed).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(closed.at(-1)).toEqual(['b', 500, 500]);
    await vi.advanceTimersByTimeAsync(1000);
    expect(closed).toEqual([['a', 0, 0], ['b', 500, 500], ['c', 1000, 1000], ['d', 1500, 1500]]);
    await expect(spread.done).resolves.toBeUndefined();
  });

  it('closes everything at once with no window', async () => {
    const closed: string[] = [];
    const spread = spreadOver(['a', 'b'], 0, (item) => closed.push(item));
    expect(closed).toEqual(['a', 'b']);
    await spread.done;
  });

  it('closes the rest at once when hurried, and each item only once', async () => {
    const closed: string[] = [];
    const spread = spreadOver(['a', 'b', 'c'], 3000, (item) => closed.push(item));
    await vi.advanceTimersByTimeAsync(1000);
    expect(closed).toEqual(['a', 'b']);
    spread.hurry();
    expect(closed).toEqual(['a', 'b', 'c']);
    await spread.done;
    await vi.advanceTimersByTimeAsync(5000);
    expect(closed).toEqual(['a', 'b', 'c']);
  });
});
