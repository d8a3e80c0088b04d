/**
 * An app's webhooks: each event goes to every receiver of the app that wants
 * its name, through that receiver's queue (batched, signed, retried). What
 * to report is decided elsewhere, once for the cluster; this sends it.
 */
import type { AppConfig } from '../config/types.js';
import type { WebhookEventName, WebhookSettings } from '../config/webhooks.js';
import type { Logger } from '../observability/log.js';
import { WebhookQueue, type QueueOptions } from './queue.js';
import type { WebhookEvent } from './sender.js';

export type { WebhookEvent } from './sender.js';

export interface WebhooksOptions {
  readonly apps: readonly AppConfig[];
  readonly settings: WebhookSettings;
  readonly log: Logger;
  readonly outcome?: QueueOptions['outcome'];
  readonly lost?: QueueOptions['lost'];
}

export class Webhooks {
  /** appId → its receivers, each with the events it wants and its queue. */
  private readonly targets = new Map<string, { events: ReadonlySet<string>; queue: WebhookQueue }[]>();

  constructor(options: WebhooksOptions) {
    for (const app of options.apps) {
      this.targets.set(app.id, app.webhooks.map((target) => ({
        events: new Set(target.events),
        queue: new WebhookQueue({ url: target.url, app, settings: options.settings, log: options.log, outcome: options.outcome, lost: options.lost }),
      })));
    }
  }

  /** Whether any receiver of the app wants one of these events (so the work to find them out is worth doing). */
  wants(appId: string, ...names: WebhookEventName[]): boolean {
    return this.targets.get(appId)?.some((t) => names.some((name) => t.events.has(name))) ?? false;
  }

  /** `coalesce`: an event with this key still waiting to be sent is replaced instead of followed. */
  send(appId: string, event: WebhookEvent & { name: WebhookEventName }, coalesce?: string): void {
    for (const target of this.targets.get(appId) ?? []) if (target.events.has(event.name)) target.queue.add(event, coalesce);
  }

  /** On shutdown: sends what waits, until `deadline`. */
  async drain(deadline: number): Promise<void> {
    await Promise.all([...this.targets.values()].flat().map((t) => t.queue.drain(deadline)));
  }

  close(): void {
    for (const target of [...this.targets.values()].flat()) target.queue.close();
  }
}
