/**
 * Who did what during a stretch of editing, kept with each version so a
 * diff can colour each change by its author: which user's client inserted
 * which items, which ranges each user deleted, and which containers (Yjs
 * types) restores deleted, so that edits made concurrently inside them can
 * be rescued. Stored as JSON; folded into the next version when thinning
 * drops one. Bounded: past the limits, detail is dropped (changes then show
 * without an author), never the version.
 */
import * as Y from 'yjs';

import type { Triple } from '../../../shared/history/triple.js';

export type { Triple };

export interface VersionChanges {
  /** Yjs client id → the user whose updates brought that client's new items. */
  readonly clients: Readonly<Record<string, string>>;
  /** User id → the ranges that user's updates deleted. */
  readonly deleted: Readonly<Record<string, readonly Triple[]>>;
  /** Containers (Yjs types) that restores deleted. */
  readonly restores: readonly Triple[];
}

export const NO_CHANGES: VersionChanges = { clients: {}, deleted: {}, restores: [] };

const MAX_CLIENTS = 1000;
const MAX_RANGES = 20_000;

type RangeMap = Map<number, Array<[number, number]>>;

/** Accumulates a stretch's changes from the transactions applied to a room's document. */
export class ChangeRecorder {
  private clients = new Map<string, string>();
  private deleted = new Map<string, RangeMap>();
  private restores: RangeMap = new Map();
  private ranges = 0;

  /** A transaction made for `userId`; false when it changed nothing. */
  record(userId: string, tr: Y.Transaction): boolean {
    let changed = false;
    for (const [client, after] of tr.afterState) {
      if (after <= (tr.beforeState.get(client) ?? 0)) continue;
      changed = true;
      if (!this.clients.has(String(client)) && this.clients.size < MAX_CLIENTS) this.clients.set(String(client), userId);
    }
    for (const [client, items] of tr.deleteSet.clients) {
      for (const item of items) {
        changed = true;
        if (this.ranges >= MAX_RANGES) continue;
        this.ranges += 1;
        addRange(getOrSet(this.deleted, userId), client, item.clock, item.len);
      }
    }
    return changed;
  }

  /** Containers a restore deleted. */
  restored(containers: readonly Triple[]): void {
    for (const [client, clock, len] of containers) addRange(this.restores, client, clock, len);
  }

  /** What was recorded so far. */
  current(): VersionChanges {
    return {
      clients: Object.fromEntries(this.clients),
      deleted: Object.fromEntries([...this.deleted].map(([user, map]) => [user, triples(map)])),
      restores: triples(this.restores),
    };
  }

  /** A fresh start (once what was recorded is stored with a version). */
  reset(): void {
    this.clients = new Map();
    this.deleted = new Map();
    this.restores = new Map();
    this.ranges = 0;
  }
}

/** Both stretches as one (thinning folds a dropped version into the next). */
export function mergeChanges(...all: VersionChanges[]): VersionChanges {
  const clients: Record<string, string> = {};
  const deleted = new Map<string, RangeMap>();
  const restores: RangeMap = new Map();
  for (const changes of all) {
    for (const [client, user] of Object.entries(changes.clients)) clients[client] ??= user;
    for (const [user, list] of Object.entries(changes.deleted)) {
      for (const [client, clock, len] of list) addRange(getOrSet(deleted, user), client, clock, len);
    }
    for (const [client, clock, len] of changes.restores) addRange(restores, client, clock, len);
  }
  return { clients, deleted: Object.fromEntries([...deleted].map(([user, map]) => [user, triples(map)])), restores: triples(restores) };
}

/** Reads stored changes, tolerating anything malformed as "no detail". */
export function parseChanges(json: string): VersionChanges {
  try {
    const value = JSON.parse(json) as Partial<VersionChanges>;
    return {
      clients: isRecord(value.clients) ? (value.clients as Record<string, string>) : {},
      deleted: isRecord(value.deleted) ? (value.deleted as Record<string, Triple[]>) : {},
      restores: Array.isArray(value.restores) ? value.restores : [],
    };
  } catch {
    return NO_CHANGES;
  }
}

/** Answers "who added this item" and "who removed it" for a set of stretches. */
export class Attribution {
  private readonly clients = new Map<number, string>();
  private readonly deleted: Array<[string, ReturnType<typeof Y.createDeleteSet>]> = [];

  constructor(changes: VersionChanges) {
    for (const [client, user] of Object.entries(changes.clients)) this.clients.set(Number(client), user);
    for (const [user, list] of Object.entries(changes.deleted)) this.deleted.push([user, deleteSetOf(list)]);
  }

  added(id: Y.ID): string | undefined {
    return this.clients.get(id.client);
  }

  removed(id: Y.ID): string | undefined {
    return this.deleted.find(([, ds]) => Y.isDeleted(ds, id))?.[0];
  }
}

/** A Yjs delete set holding these ranges (for Y.isDeleted). */
export function deleteSetOf(list: readonly Triple[]): ReturnType<typeof Y.createDeleteSet> {
  const map: RangeMap = new Map();
  for (const [client, clock, len] of list) addRange(map, client, clock, len);
  const ds = Y.createDeleteSet();
  for (const [client, ranges] of map) ds.clients.set(client, normalized(ranges).map(([clock, len]) => ({ clock, len }) as never));
  return ds;
}

function addRange(map: RangeMap, client: number, clock: number, len: number): void {
  if (!Number.isSafeInteger(client) || !Number.isSafeInteger(clock) || !Number.isSafeInteger(len) || len <= 0) return;
  getOrSet(map, client, () => []).push([clock, len]);
}

function triples(map: RangeMap): Triple[] {
  return [...map].flatMap(([client, ranges]) => normalized(ranges).map(([clock, len]) => [client, clock, len] as const));
}

/** Sorted, overlapping and adjacent ranges joined. */
function normalized(ranges: Array<[number, number]>): Array<[number, number]> {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const out: Array<[number, number]> = [];
  for (const [clock, len] of sorted) {
    const last = out.at(-1);
    if (last && last[0] + last[1] >= clock) last[1] = Math.max(last[1], clock + len - last[0]);
    else out.push([clock, len]);
  }
  return out;
}

function getOrSet<K, V>(map: Map<K, V>, key: K, make: () => V = () => new Map() as V): V {
  let value = map.get(key);
  if (value === undefined) {
    value = make();
    map.set(key, value);
  }
  return value;
}

function isRecord(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
