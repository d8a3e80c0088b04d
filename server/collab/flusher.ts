/**
 * Batches a document's unsaved updates and writes them to the store: after a
 * short quiet time, and never later than a maximum delay after the first
 * unsaved update. A failed write keeps the updates and tries again.
 */
import type { Logger } from '../observability/log.js';

export interface FlusherOptions {
  readonly delayMs: number;
  readonly maxDelayMs: number;
  /** Writes the merged pending updates; throws to be retried. */
  readonly write: (updates: Uint8Array[]) => Promise<void>;
  /** After a successful write. */
  readonly saved: () => void;
  readonly log: Logger;
}

export class Flusher {
  private pending: Uint8Array[] = [];
  private firstPendingAt = 0;
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();
  private failures = 0;

  constructor(private readonly options: FlusherOptions) {}

  get hasPending(): boolean {
    return this.pending.length > 0;
  }

  add(update: Uint8Array): void {
    if (this.pending.length === 0) this.firstPendingAt = Date.now();
    this.pending.push(update);
    this.schedule(this.options.delayMs);
  }

  /** Writes everything pending now; resolves once it is stored (or the write failed and was rescheduled). */
  flush(): Promise<void> {
    this.clearTimer();
    this.writing = this.writing.then(() => this.writePending());
    return this.writing;
  }

  stop(): void {
    this.clearTimer();
  }

  private schedule(delay: number): void {
    const latest = this.firstPendingAt + this.options.maxDelayMs - Date.now();
    const wait = Math.max(0, Math.min(delay, latest));
    this.clearTimer();
    this.timer = setTimeout(() => void this.flush(), wait);
  }

  private async writePending(): Promise<void> {
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    try {
      await this.options.write(batch);
      this.failures = 0;
      this.options.saved();
    } catch (error) {
      // Keep the batch ahead of anything that arrived meanwhile, and retry with back-off.
      this.pending = [...batch, ...this.pending];
      this.failures += 1;
      this.options.log.error('could not store document updates; will retry', { err: error, attempt: this.failures });
      this.schedule(Math.min(30_000, 250 * 2 ** this.failures));
    }
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
