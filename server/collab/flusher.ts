/**
 * Batches a document's unsaved updates and hands them to `write`: after a
 * short quiet time, and never later than a maximum delay after the first
 * unsaved update. A failed write keeps the updates and tries again.
 */
import type { Logger } from '../observability/log.js';

export interface FlusherOptions {
  readonly delayMs: number;
  readonly maxDelayMs: number;
  /** Stores the batch (possibly empty, when only an acknowledgement is due); throws to be retried. */
  readonly write: (updates: Uint8Array[]) => Promise<void>;
  readonly log: Logger;
}

export class Flusher {
  private pending: Uint8Array[] = [];
  private firstPendingAt = 0;
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();
  private failures = 0;
  private ackRequested = false;

  constructor(private readonly options: FlusherOptions) {}

  get hasPending(): boolean {
    return this.pending.length > 0 || this.ackRequested;
  }

  add(update: Uint8Array): void {
    if (!this.hasPending) this.firstPendingAt = Date.now();
    this.pending.push(update);
    this.schedule(this.options.delayMs);
  }

  /** Asks for a write even if nothing new needs storing: an edit already stored still deserves its acknowledgement. */
  requestAck(): void {
    if (!this.hasPending) this.firstPendingAt = Date.now();
    this.ackRequested = true;
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
    if (!this.hasPending) return;
    const batch = this.pending;
    this.pending = [];
    this.ackRequested = false;
    try {
      await this.options.write(batch);
      this.failures = 0;
    } catch (error) {
      // Keep the batch ahead of anything that arrived meanwhile, and retry with back-off.
      this.pending = [...batch, ...this.pending];
      this.ackRequested = true;
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
