/**
 * Leading-edge throttle: the first change after a quiet spell goes out at
 * once; while changes keep coming, they go out together once per interval.
 * Low latency for single edits, a bounded rate for bursts.
 */
export class LeadingEdgeThrottle {
  private timer: ReturnType<typeof setTimeout> | undefined;

  /** `send` is called when something is pending; `pending` tells whether anything is. The interval may be read anew for each cooldown. */
  constructor(private readonly intervalMs: number | (() => number), private readonly send: () => void, private readonly pending: () => boolean) {}

  /** Call after queuing a change. */
  poke(): void {
    if (this.timer) return;
    this.send();
    this.cooldown();
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private cooldown(): void {
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.pending()) {
        this.send();
        this.cooldown();
      }
    }, typeof this.intervalMs === 'number' ? this.intervalMs : this.intervalMs());
  }
}
