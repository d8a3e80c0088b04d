/**
 * Knows whether the server has confirmed our local edits stored. Every batch
 * of updates we send carries an acknowledgement number; the node answers
 * yjs-saved `{ sv, ack }` once the batch is in the store. (Inserts are also
 * confirmed when a stored state vector covers them; deletions never move a
 * state vector, which is why the number exists.)
 */
import * as Y from 'yjs';

export class SaveTracker {
  private localVersion = 0;
  private confirmedVersion = 0;
  private nextAck = 1;
  /** ack number → the local version it carried. */
  private readonly inFlight = new Map<number, number>();
  private readonly inserts = new Map<number, number>();
  private hasDeletions = false;

  get hasUnsaved(): boolean {
    return this.confirmedVersion < this.localVersion;
  }

  /** How many local updates were recorded so far: the version of the latest. */
  get version(): number {
    return this.localVersion;
  }

  /** Every local update up to this version is confirmed stored. */
  get confirmedThrough(): number {
    return this.confirmedVersion;
  }

  /**
   * Records a local update: the clock each of its inserts reaches, read from
   * its structs. (Y.encodeStateVectorFromUpdate is no help here: it leaves
   * out every client whose structs do not start at clock 0, which is every
   * edit after a client's first, and an edit left out counts as stored by
   * any yjs-saved.)
   */
  recordLocal(update: Uint8Array): void {
    this.localVersion += 1;
    const { structs, ds } = Y.decodeUpdate(update);
    for (const struct of structs) {
      if (struct instanceof Y.Skip) continue;
      const { client, clock } = struct.id;
      this.inserts.set(client, Math.max(this.inserts.get(client) ?? 0, clock + struct.length));
    }
    if (ds.clients.size > 0) this.hasDeletions = true;
  }

  /** The number to send with the edits made so far. */
  nextAckNumber(): number {
    const ack = this.nextAck++;
    this.inFlight.set(ack, this.localVersion);
    return ack;
  }

  confirm(stored: Map<number, number>, ack: number | undefined): void {
    if (ack !== undefined) {
      for (const [number, version] of this.inFlight) {
        if (number > ack) continue;
        this.confirmedVersion = Math.max(this.confirmedVersion, version);
        this.inFlight.delete(number);
      }
    }
    const insertsStored = [...this.inserts].every(([client, clock]) => (stored.get(client) ?? 0) >= clock);
    if (insertsStored && !this.hasDeletions) this.confirmedVersion = this.localVersion;
    if (!this.hasUnsaved) {
      this.inserts.clear();
      this.hasDeletions = false;
    }
  }

  /** After a reconnect, numbers sent on the old connection will never be answered. */
  forgetInFlight(): void {
    this.inFlight.clear();
  }
}
