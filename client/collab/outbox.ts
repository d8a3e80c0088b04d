/**
 * Sends local Yjs updates at once when the line is quiet, and batches a burst
 * of keystrokes into one event per interval (leading-edge throttle), within
 * the server's per-socket document event rate. Updates larger than one frame
 * go out in parts.
 */
import * as Y from 'yjs';
import { toBase64 } from '../../shared/doc/base64.js';
import { MAX_UPDATE_BYTES, PART_BYTES } from '../../shared/doc/events.js';
import { splitIntoParts } from '../../shared/doc/parts.js';
import { LeadingEdgeThrottle } from '../../shared/util/throttle.js';

export class UpdateOutbox {
  private pending: Uint8Array[] = [];
  private readonly throttle: LeadingEdgeThrottle;
  private partIds = 0;

  constructor(
    private readonly send: (payload: object) => boolean,
    /** An acknowledgement number for the batch about to be sent (see SaveTracker). */
    private readonly ackNumber: () => number,
    intervalMs = 50,
  ) {
    this.throttle = new LeadingEdgeThrottle(intervalMs, () => this.flush(), () => this.pending.length > 0);
  }

  add(update: Uint8Array): void {
    this.pending.push(update);
    this.throttle.poke();
  }

  /** Sends everything queued now; returns false (keeping it queued) when the channel cannot send. */
  flush(): boolean {
    if (this.pending.length === 0) return true;
    const update = this.pending.length === 1 ? this.pending[0]! : Y.mergeUpdates(this.pending);
    const ack = this.ackNumber();
    const payloads = update.length <= MAX_UPDATE_BYTES
      ? [{ update: toBase64(update), ack }]
      : splitIntoParts(update, PART_BYTES, `c${Date.now().toString(36)}${this.partIds++}`).map((part) => ({ ...part, ack }));
    for (const payload of payloads) {
      if (!this.send(payload)) return false;
    }
    this.pending = [];
    return true;
  }

  clear(): void {
    this.throttle.stop();
    this.pending = [];
  }
}
