import { describe, expect, it } from 'vitest';
import { coalesce } from '../../../server/scaling/coalesce.js';
import { Settling, type SettlingOptions } from '../../../server/scaling/settling.js';
import { nullLogger } from '../../../server/observability/log.js';

/** A Settling whose world the test sets; `passes` records each pass's `complete`. */
function settling(world: { ownInRedis: boolean; peersBack: boolean; delivering: boolean; capMs?: number }): { settling: Settling; passes: boolean[] } {
  const passes: boolean[] = [];
  const options: SettlingOptions = {
    capMs: world.capMs ?? 60_000,
    ownInRedis: () => world.ownInRedis,
    peersBack: async () => world.peersBack,
    delivering: () => world.delivering,
    pass: async (complete) => {
      passes.push(complete);
    },
    log: nullLogger,
  };
  return { settling: new Settling(options), passes };
}

const settled = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('Settling', () => {
  it('passes at once and ends after a complete pass while delivering', async () => {
    const { settling: s, passes } = settling({ ownInRedis: true, peersBack: true, delivering: true });
    s.start();
    await settled();
    expect(passes).toEqual([true]);
    expect(s.active).toBe(false);
  });

  it('adds without removing until the peers are back, and goes on until this node hears the others', async () => {
    const world = { ownInRedis: true, peersBack: false, delivering: false };
    const { settling: s, passes } = settling(world);
    s.start();
    await settled();
    world.peersBack = true;
    s.tick();
    await settled();
    expect(s.active).toBe(true);
    world.delivering = true;
    s.tick();
    await settled();
    expect(passes).toEqual([false, true, true]);
    expect(s.active).toBe(false);
  });

  it('counts peers not back after the cap as gone', async () => {
    const { settling: s, passes } = settling({ ownInRedis: true, peersBack: false, delivering: true, capMs: 0 });
    s.start();
    await settled();
    expect(passes).toEqual([true]);
  });

  it('waits until this node\'s own members are in Redis', async () => {
    const world = { ownInRedis: false, peersBack: true, delivering: true };
    const { settling: s, passes } = settling(world);
    s.start();
    s.tick();
    await settled();
    expect(passes).toEqual([]);
    world.ownInRedis = true;
    s.start();
    await settled();
    expect(passes).toEqual([true]);
  });
});

describe('coalesce', () => {
  it('never runs twice at once, and runs once more when asked meanwhile', async () => {
    let running = 0;
    let most = 0;
    let runs = 0;
    const release: (() => void)[] = [];
    const run = coalesce(async () => {
      running += 1;
      most = Math.max(most, running);
      runs += 1;
      await new Promise<void>((resolve) => release.push(resolve));
      running -= 1;
    });
    run();
    run();
    run();
    release.shift()!();
    await settled();
    release.shift()!();
    await settled();
    expect(runs).toBe(2);
    expect(most).toBe(1);
    expect(release).toHaveLength(0);
  });
});
