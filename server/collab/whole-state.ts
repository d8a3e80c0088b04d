/**
 * The answer that hands a newcomer the whole document (a sync-1 with an
 * empty state vector), kept until the document next changes. Encoding,
 * deflating and framing a large document takes about 130 ms of the node's
 * time for 1.8 MB of state; when a meeting starts and fifty people open the
 * same document within seconds, that work is done once. Dropped with the
 * first change, after `keepMs`, and never kept over `maxBytes`.
 */

/** A large sync-2 ready to send: the same bytes for every socket, except part ids, which are fresh for each send. */
export interface WholeStateAnswer {
  /** The frames for one send. */
  frames(): Iterable<Buffer>;
  /** Bytes held. */
  readonly bytes: number;
}

export class WholeStateFrames {
  private readonly byOffer = new Map<boolean, Promise<WholeStateAnswer>>();
  private expiry: NodeJS.Timeout | undefined;

  constructor(private readonly keepMs = 10_000, private readonly maxBytes = 32 * 1024 * 1024) {}

  /** The answer kept for a client that offered deflate (`offered`) or did not; undefined when none is. */
  kept(offered: boolean): Promise<WholeStateAnswer> | undefined {
    return this.byOffer.get(offered);
  }

  keep(offered: boolean, answer: Promise<WholeStateAnswer>): void {
    this.byOffer.set(offered, answer);
    if (!this.expiry) {
      this.expiry = setTimeout(() => this.changed(), this.keepMs);
      this.expiry.unref();
    }
    const forget = (): void => {
      if (this.byOffer.get(offered) === answer) this.byOffer.delete(offered);
    };
    // A failed build is not kept (the next newcomer tries again), nor one too large to hold on to.
    answer.then((built) => { if (built.bytes > this.maxBytes) forget(); }, forget);
  }

  /** The document changed: a kept answer would miss the change. */
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
