/**
 * Cache channels on one node: a map per app, each entry with its expiry. At
 * most `maxChannels` entries per app; beyond that the oldest put goes first,
 * and so do the oldest miss claims. Expired entries are dropped when met.
 */
import { MISS_WINDOW_MS, type CachedEvent, type ChannelCache } from './channel-cache.js';

/** Entries in insertion order (a Map's order), so the first one is the oldest. */
class ExpiringMap<T> {
  private readonly entries = new Map<string, { value: T; expiresAt: number }>();

  constructor(private readonly max: number) {}

  set(key: string, value: T, ttlMs: number): void {
    this.entries.delete(key); // re-inserted at the end: the newest
    this.entries.set(key, { value, expiresAt: Date.now() + ttlMs });
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= this.max) break;
      this.entries.delete(oldest);
    }
  }

  get(key: string): { value: T; ttlMs: number } | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    const ttlMs = entry.expiresAt - Date.now();
    if (ttlMs > 0) return { value: entry.value, ttlMs };
    this.entries.delete(key);
    return undefined;
  }

  delete(key: string): void {
    this.entries.delete(key);
  }
}

export class LocalChannelCache implements ChannelCache {
  private readonly apps = new Map<string, { events: ExpiringMap<CachedEvent>; misses: ExpiringMap<true> }>();

  constructor(private readonly ttlMs: number, private readonly maxChannels: number) {}

  async put(appId: string, channel: string, event: CachedEvent): Promise<void> {
    const app = this.app(appId);
    app.events.set(channel, event, this.ttlMs);
    app.misses.delete(channel);
  }

  async get(appId: string, channel: string): Promise<{ event: CachedEvent; ttlMs: number } | undefined> {
    const found = this.apps.get(appId)?.events.get(channel);
    return found && { event: found.value, ttlMs: found.ttlMs };
  }

  async claimMiss(appId: string, channel: string): Promise<boolean> {
    const { misses } = this.app(appId);
    if (misses.get(channel)) return false;
    misses.set(channel, true, MISS_WINDOW_MS);
    return true;
  }

  async close(): Promise<void> {
    this.apps.clear();
  }

  private app(appId: string): { events: ExpiringMap<CachedEvent>; misses: ExpiringMap<true> } {
    let app = this.apps.get(appId);
    if (!app) this.apps.set(appId, (app = { events: new ExpiringMap(this.maxChannels), misses: new ExpiringMap(this.maxChannels) }));
    return app;
  }
}
