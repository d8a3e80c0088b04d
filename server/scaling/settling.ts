/**
 * After Redis trouble: brings this node's presence lists back to what Redis
 * says. A pass runs at once and then every tick, adding members at once but
 * removing them only once every node known before the trouble is listed
 * again (so has written its members back), or `capMs` has passed (a node not
 * back by then counts as gone, as a silent node would). It ends with a pass
 * that could remove, made while this node hears the other nodes again: from
 * then on, member_added and member_removed keep the lists right.
 */
import type { Logger } from '../observability/log.js';
import { coalesce } from './coalesce.js';

export interface SettlingOptions {
  readonly capMs: number;
  /** This node's own memberships are in Redis: a pass before that would compare with a Redis that lacks them. */
  readonly ownInRedis: () => boolean;
  /** Every node known before the trouble is listed again. */
  readonly peersBack: () => Promise<boolean>;
  /** This node receives the other nodes' messages. */
  readonly delivering: () => boolean;
  /** Compares and tells the differences; `complete`: removals allowed. Throws when Redis fails it. */
  readonly pass: (complete: boolean) => Promise<void>;
  readonly log: Logger;
}

export class Settling {
  private since: number | undefined;
  /** Asked again during a pass: that pass may have read too early to be the last. */
  private askedAgain = false;
  private readonly run = coalesce(() => this.pass());

  constructor(private readonly options: SettlingOptions) {}

  get active(): boolean {
    return this.since !== undefined;
  }

  start(): void {
    this.since ??= Date.now();
    this.askedAgain = true;
    this.run();
  }

  tick(): void {
    if (this.since !== undefined) this.run();
  }

  private async pass(): Promise<void> {
    const since = this.since;
    if (since === undefined || !this.options.ownInRedis()) return; // the write-back starts settling again
    this.askedAgain = false;
    try {
      const complete = Date.now() - since >= this.options.capMs || (await this.options.peersBack());
      await this.options.pass(complete);
      if (complete && this.options.delivering() && !this.askedAgain) this.since = undefined;
    } catch (error) {
      this.options.log.warn('presence resync failed, trying again', { err: error });
    }
  }
}
