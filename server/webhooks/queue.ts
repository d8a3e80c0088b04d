/**
 * The webhooks of one app for one receiver, in order: gathered into batches
 * for up to `batchMs` (at most `maxBatch` events each), sent one batch at a
 * time, a failing batch retried with back-off (1 s, 2 s, 4 s … up to a
 * minute) for `retryForMs`, then dropped. At most `maxQueue` events wait;
 * beyond that the oldest are dropped. Both kinds of loss are logged and counted.
 */
import type { WebhookSettings } from '../config/webhooks.js';
import type { Logger } from '../observability/log.js';
import { postWebhook, webhookBody, type WebhookEvent } from './sender.js';

export interface QueueOptions {
  readonly url: string;
  readonly app: { readonly id: string; readonly key: string; readonly secret: string };
  readonly settings: WebhookSettings;
  readonly log: Logger;
  /** For the metrics: requests by result, events lost by reason. */
  readonly outcome?: (result: 'sent' | 'failed') => void;
  readonly lost?: (events: number, reason: 'queue full' | 'gave up') => void;
}

const MAX_BACKOFF_MS = 60_000;

export class WebhookQueue {
  private pending: { event: WebhookEvent; coalesce: string | undefined }[] = [];
  private timer: NodeJS.Timeout | undefined;
  private sending = false;
  private closed = false;
  private dropping = false;
  /** Once draining (shutdown), batches go at once and no retry waits past this. */
  private deadline = Infinity;
  private draining = false;
  private wakeRetry: (() => void) | undefined;
  private idleWaiters: (() => void)[] = [];

  constructor(private readonly options: QueueOptions) {}

  /** Queues an event; one with the `coalesce` key of an event still waiting replaces it there. */
  add(event: WebhookEvent, coalesce?: string): void {
    if (this.closed) return;
    const waiting = coalesce === undefined ? -1 : this.pending.findIndex((p) => p.coalesce === coalesce);
    if (waiting >= 0) {
      this.pending[waiting] = { event, coalesce };
      return;
    }
    if (this.pending.length >= this.options.settings.maxQueue) this.dropOldest();
    this.pending.push({ event, coalesce });
    this.schedule();
  }

  /** Sends what waits now, and resolves once nothing waits or at `deadline`. */
  async drain(deadline: number): Promise<void> {
    this.deadline = deadline;
    this.draining = true;
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    this.schedule();
    if (this.idle()) return;
    let stop: NodeJS.Timeout | undefined;
    await Promise.race([
      new Promise<void>((resolve) => this.idleWaiters.push(resolve)),
      new Promise<void>((resolve) => (stop = setTimeout(resolve, Math.max(0, deadline - Date.now())))),
    ]);
    clearTimeout(stop);
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    this.wakeRetry?.();
    this.pending = [];
  }

  private idle(): boolean {
    return this.pending.length === 0 && !this.sending;
  }

  private schedule(): void {
    if (this.timer || this.sending || this.closed || this.pending.length === 0) return;
    const full = this.pending.length >= this.options.settings.maxBatch;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.sending = true;
      void this.sendBatch().finally(() => {
        this.sending = false;
        if (this.idle()) this.idleWaiters.splice(0).forEach((wake) => wake());
        this.schedule();
      });
    }, full || this.draining ? 0 : this.options.settings.batchMs);
  }

  private async sendBatch(): Promise<void> {
    const { url, app, settings, log } = this.options;
    const batch = this.pending.splice(0, settings.maxBatch).map((p) => p.event);
    if (this.pending.length === 0) this.dropping = false;
    const body = webhookBody(Date.now(), batch);
    const giveUpAt = Date.now() + settings.retryForMs;
    for (let attempt = 1; ; attempt += 1) {
      try {
        await postWebhook(url, body, app, settings.timeoutMs);
        this.options.outcome?.('sent');
        return;
      } catch (error) {
        this.options.outcome?.('failed');
        const wait = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** (attempt - 1));
        if (this.closed || Date.now() + wait > Math.min(giveUpAt, this.deadline)) {
          log.error('webhook batch dropped: the receiver did not accept it', { app_id: app.id, url, events: batch.length, attempts: attempt, err: error });
          this.options.lost?.(batch.length, 'gave up');
          return;
        }
        log.warn('webhook not accepted; trying again', { app_id: app.id, url, attempt, retry_in_ms: wait, err: error });
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, wait);
          this.wakeRetry = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        if (this.closed) return this.options.lost?.(batch.length, 'gave up');
      }
    }
  }

  private dropOldest(): void {
    this.pending.shift();
    this.options.lost?.(1, 'queue full');
    if (this.dropping) return;
    this.dropping = true; // logged once per spell of dropping
    this.options.log.warn('webhook queue full: dropping the oldest events', { app_id: this.options.app.id, url: this.options.url, max: this.options.settings.maxQueue });
  }
}
