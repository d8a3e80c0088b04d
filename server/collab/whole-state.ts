/**
 * The frames that hand a newcomer the whole document (a sync-1 with an empty
 * state vector), kept until the document next changes. Encoding, deflating
 * and framing a large document takes about 130 ms of the node's time for
 * 1.8 MB of state; when a meeting starts and fifty people open the same
 * document, that work is done once. Kept as bytes, so every socket writes
 * the same buffer. Bounded by the document's own size budget, and dropped
 * with the first change or after `keepMs`.
 */
export class WholeStateFrames {
  private readonly byOffer = new Map<boolean, Promise<Buffer[]>>();
  private expiry: NodeJS.Timeout | undefined;

  constructor(private readonly keepMs = 30_000) {}

  /** The frames kept for a client that offered deflate (`offered`) or did not; undefined when none are. */
  kept(offered: boolean): Promise<Buffer[]> | undefined {
    return this.byOffer.get(offered);
  }

  keep(offered: boolean, frames: Promise<Buffer[]>): void {
    this.byOffer.set(offered, frames);
    if (!this.expiry) {
      this.expiry = setTimeout(() => this.changed(), this.keepMs);
      this.expiry.unref();
    }
    // A failed build is not kept: the next newcomer tries again.
    frames.catch(() => {
      if (this.byOffer.get(offered) === frames) this.byOffer.delete(offered);
    });
  }

  /** The document changed: kept frames would miss the change. */
  changed(): void {
    this.byOffer.clear();
    if (this.expiry) clearTimeout(this.expiry);
    this.expiry = undefined;
  }
}

/** True for a state vector that names no client: its sender holds nothing. */
export function isEmptyStateVector(stateVector: Uint8Array): boolean {
  // A state vector starts with its number of entries as a varint; zero is one byte.
  return stateVector.length === 1 && stateVector[0] === 0;
}
