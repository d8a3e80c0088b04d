/**
 * Closing many sockets over a window instead of at once. pusher-js reconnects
 * at once, without jitter, on close codes 4200–4299, so the only way to keep a
 * restart from sending every client to the other nodes in the same instant
 * is to close them at different times.
 */

/** When each of `count` sockets is closed, in ms from the start: evenly over the window, 0 first, all below `windowMs`. */
export function closeOffsets(count: number, windowMs: number): number[] {
  return Array.from({ length: count }, (_, i) => Math.floor((i * windowMs) / count));
}

export interface Spread {
  /** Resolves once every item has been handed to `close`. */
  readonly done: Promise<void>;
  /** Closes every item not closed yet, now. */
  hurry(): void;
}

/**
 * Hands each item to `close` at its planned offset (see closeOffsets), in
 * order; items planned at 0 are closed before this returns. One timer at a
 * time, however many items.
 */
export function spreadOver<T>(items: readonly T[], windowMs: number, close: (item: T, offsetMs: number) => void): Spread {
  const offsets = closeOffsets(items.length, windowMs);
  const started = Date.now();
  let next = 0;
  let timer: NodeJS.Timeout | undefined;
  let finish = (): void => undefined;
  const done = new Promise<void>((resolve) => (finish = resolve));
  const closeUntil = (elapsed: number): void => {
    while (next < items.length && offsets[next]! <= elapsed) {
      close(items[next]!, offsets[next]!);
      next += 1;
    }
  };
  const step = (): void => {
    const elapsed = Date.now() - started;
    closeUntil(elapsed);
    if (next >= items.length) return finish();
    timer = setTimeout(step, offsets[next]! - elapsed);
  };
  step();
  return {
    done,
    hurry: () => {
      clearTimeout(timer);
      closeUntil(Infinity);
      finish();
    },
  };
}
