/**
 * The third seam between one node and many: the last event of each cache
 * channel (`cache-`, `private-cache-`, `private-encrypted-cache-`,
 * `presence-cache-`), kept for a TTL and sent to each new subscriber. In
 * memory for one node; in Redis for several, so every node serves the same
 * event whichever node it was triggered through.
 */

/** An event as the HTTP API triggered it: its name and its data string (ciphertext, for encrypted channels). */
export interface CachedEvent {
  readonly event: string;
  readonly data: string;
}

export interface ChannelCache {
  /** Keeps `event` as the channel's last, for the configured TTL. */
  put(appId: string, channel: string, event: CachedEvent): Promise<void>;
  /** The channel's last event and the milliseconds it has left, or undefined when there is none. */
  get(appId: string, channel: string): Promise<{ event: CachedEvent; ttlMs: number } | undefined>;
  /**
   * True for the first miss of an empty spell (until the next put, or
   * MISS_WINDOW_MS): the cluster sends one cache_miss webhook however many
   * clients subscribe to the empty channel.
   */
  claimMiss(appId: string, channel: string): Promise<boolean>;
  close(): Promise<void>;
}

/** How long a claimed miss keeps further misses of the same channel quiet. */
export const MISS_WINDOW_MS = 30_000;
