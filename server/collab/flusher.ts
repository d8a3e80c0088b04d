/**
 * Batches a document's unsaved updates and hands them to `write`: after a
 * short quiet time, and never later than a maximum delay after the first
 * unsaved update. A failed write keeps its updates, ahead of newer ones, and
 * is tried again with back-off; new edits do not hurry a failing store.
 */

export interface FlusherOptions {
  readonly delayMs: number;
  readonly maxDelayMs: number;
  /** Stores the batch (possibly empty, when only an acknowledgement is due); throws to be retried. */
  readonly write: (updates: Uint8Array[]) => Promise<void>;
  /** A write failed; the batch is kept and written again after `retryInMs`. */
  readonly failed: (error: unknown, attempt: number, retryInMs: number) => void;
  /** Merges updates into one (Y.mergeUpdates): what waits for a failing store is kept merged, without duplicates. */
  readonly merge: (updates: Uint8Array[]) => Uint8Array;
}

/** Back-off between attempts at a failing store: 250 ms doubling, at most 30 s. */
export function retryDelay(attempt: number): number {
  return Math.min(30_000, 250 * 2 ** Math.max(0, attempt - 1));
}

export class Flusher {
  private pending: Uint8Array[] = [];
  private firstPendingAt = 0;
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();
  private failures = 0;
  /** While the store fails: no attempt before this time (epoch ms). */
  private retryAt = 0;
  private ackRequested = false;

  constructor(private readonly options: FlusherOptions) {}

  get hasPending(): boolean {
    return this.pending.length > 0 || this.ackRequested;
  }

  /** True while the last write failed (until one succeeds). */
  get failing(): boolean {
    return this.failures > 0;
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

  /** Keeps writing, with back-off, until everything is stored or `deadline` (epoch ms) passes; true when stored. */
  async flushBefore(deadline: number): Promise<boolean> {
    for (;;) {
      await this.flush();
      if (!this.hasPending) return true;
      const wait = Math.min(this.retryAt - Date.now(), deadline - Date.now());
      if (Date.now() >= deadline) return false;
      this.clearTimer();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }

  stop(): void {
    this.clearTimer();
  }

  private schedule(delay: number): void {
    const latest = this.firstPendingAt + this.options.maxDelayMs - Date.now();
    const wait = Math.max(0, Math.min(delay, latest), this.retryAt - Date.now());
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
      this.retryAt = 0;
    } catch (error) {
      this.pending = [this.options.merge([...batch, ...this.pending])];
      this.ackRequested = true;
      this.failures += 1;
      const retryInMs = retryDelay(this.failures);
      this.retryAt = Date.now() + retryInMs;
      this.options.failed(error, this.failures, retryInMs);
      this.schedule(retryInMs);
    }
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
