/**
 * How many documents an app may have, and how fast it may create them: a
 * document is created by the Documents API, by the demo, and by opening an id
 * that does not exist yet, so a client could otherwise fill the store.
 */
import type { DocumentsConfig } from '../config/types.js';
import { WindowLimiter } from '../pusher/rate-limit.js';
import type { DocumentStore } from './store.js';

/** A document could not be created: over the app's budget. */
export class BudgetExceeded extends Error {}

export class DocumentBudget {
  private readonly rates = new Map<string, WindowLimiter>();

  constructor(private readonly store: Pick<DocumentStore, 'countDocuments'>, private readonly config: Pick<DocumentsConfig, 'maxDocumentsPerApp' | 'createPerMinute'>) {}

  /** Why the app may not create another document now, or undefined when it may. */
  async refusal(appId: string): Promise<string | undefined> {
    if ((await this.store.countDocuments(appId)) >= this.config.maxDocumentsPerApp) {
      return `The app has ${this.config.maxDocumentsPerApp} documents, its budget (CHORUS_DOC_MAX_PER_APP)`;
    }
    if (!this.rateOf(appId).take()) return `The app creates documents faster than ${this.config.createPerMinute} a minute (CHORUS_DOC_CREATE_RATE)`;
    return undefined;
  }

  /** Throws BudgetExceeded when the app may not create another document now. */
  async check(appId: string): Promise<void> {
    const refusal = await this.refusal(appId);
    if (refusal) throw new BudgetExceeded(refusal);
  }

  private rateOf(appId: string): WindowLimiter {
    let rate = this.rates.get(appId);
    if (!rate) {
      rate = new WindowLimiter(this.config.createPerMinute, 60);
      this.rates.set(appId, rate);
    }
    return rate;
  }
}
