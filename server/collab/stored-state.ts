/**
 * What this node knows to be in the store for one document: what it loaded,
 * what it wrote, and what other nodes sharing the store say they wrote; never
 * merely what its Y.Doc holds. The doc also holds updates relayed by other
 * nodes (which may die before storing them) and repairs. "Saved" and the
 * state vector a client is told to sync against come from here (the latter
 * lowered to what the doc holds, see RoomSaves), so a client resends whatever
 * this node does not know to be stored, and an acknowledgement always covers
 * stored bytes.
 */
import * as Y from 'yjs';

/** A Yjs update as Y.decodeUpdate returns it (decoded once, on arrival). */
export type DecodedUpdate = ReturnType<typeof Y.decodeUpdate>;
type DeleteItem = { readonly clock: number; readonly len: number };
type DeleteSet = DecodedUpdate['ds'];

/** The clock ranges an update holds, as [client, start, end) inserts and [client, clock, len] deletions: what a node tells the others it stored. */
export interface StoredRanges {
  readonly inserts: ReadonlyArray<readonly [number, number, number]>;
  readonly deletes: ReadonlyArray<readonly [number, number, number]>;
}

export class StoredState {
  /** Per client: stored clock ranges, sorted and disjoint ([start, end)). Usually one range from 0. */
  private readonly inserted = new Map<number, Array<[number, number]>>();
  private deleted: DeleteSet;

  /** Starts from a document that holds exactly what was loaded from the store. */
  constructor(loaded: Y.Doc) {
    const { sv, ds } = Y.snapshot(loaded);
    for (const [client, clock] of sv) if (clock > 0) this.inserted.set(client, [[0, clock]]);
    this.deleted = ds;
  }

  /** True when everything the update inserts and deletes is stored already. */
  covers(update: DecodedUpdate): boolean {
    for (const struct of update.structs) {
      if (struct instanceof Y.Skip) continue;
      if (!rangeStored(this.inserted.get(struct.id.client), struct.id.clock, struct.id.clock + struct.length)) return false;
    }
    for (const [client, items] of update.ds.clients) {
      const stored = this.deleted.clients.get(client) as DeleteItem[] | undefined;
      if (!items.every((item: DeleteItem) => deletionStored(stored, item))) return false;
    }
    return true;
  }

  /**
   * Records ranges written to the store, by this node or (as it says) another
   * node sharing the store. Returns those of them that were not known yet.
   */
  add(ranges: StoredRanges): StoredRanges {
    const inserts = ranges.inserts.filter(([client, start, end]) => !rangeStored(this.inserted.get(client), start, end));
    const deletes = ranges.deletes.filter(([client, clock, len]) => !deletionStored(this.deleted.clients.get(client) as DeleteItem[] | undefined, { clock, len }));
    for (const [client, start, end] of inserts) addRange(this.inserted, client, start, end);
    if (deletes.length > 0) {
      const ds = Y.createDeleteSet();
      for (const [client, clock, len] of deletes) {
        const items = ds.clients.get(client) ?? [];
        items.push({ clock, len } as never);
        ds.clients.set(client, items);
      }
      this.deleted = Y.mergeDeleteSets([this.deleted, ds]);
    }
    return { inserts, deletes };
  }

  /** Per client, the clock up to which everything is stored. */
  stateVector(): Map<number, number> {
    const sv = new Map<number, number>();
    for (const [client, ranges] of this.inserted) if (ranges[0]![0] === 0) sv.set(client, ranges[0]![1]);
    return sv;
  }

  encodeStateVector(): Uint8Array {
    return Y.encodeStateVector(this.stateVector());
  }
}

/** The ranges an update inserts and deletes. */
export function rangesOf(update: DecodedUpdate): StoredRanges {
  const inserts: Array<[number, number, number]> = [];
  for (const struct of update.structs) {
    if (!(struct instanceof Y.Skip)) inserts.push([struct.id.client, struct.id.clock, struct.id.clock + struct.length]);
  }
  const deletes: Array<[number, number, number]> = [];
  for (const [client, items] of update.ds.clients) for (const item of items as DeleteItem[]) deletes.push([client, item.clock, item.len]);
  return { inserts, deletes };
}

/** Ranges as another node sent them (JSON, with the id of the store it wrote to), or undefined when malformed. */
export function parseRanges(json: string): (StoredRanges & { readonly store: string }) | undefined {
  try {
    const value = JSON.parse(json) as Partial<StoredRanges> & { store?: unknown };
    const valid = (list: unknown): boolean => Array.isArray(list) && list.every((r) => Array.isArray(r) && r.length === 3 && r.every((n) => Number.isSafeInteger(n) && n >= 0));
    return typeof value.store === 'string' && valid(value.inserts) && valid(value.deletes) ? (value as StoredRanges & { store: string }) : undefined;
  } catch {
    return undefined;
  }
}

/** Whether doc has integrated everything the update brings (none of it waits for a missing dependency). */
export function isIntegrated(doc: Y.Doc, needs: ReadonlyMap<number, number>): boolean {
  for (const [client, clock] of needs) if (Y.getState(doc.store, client) < clock) return false;
  return true;
}

/** Per client, the clock the document must reach for the update to be integrated (its items and the items it deletes). */
export function clocksNeeded(update: DecodedUpdate): Map<number, number> {
  const needs = new Map<number, number>();
  const need = (client: number, clock: number): void => {
    needs.set(client, Math.max(needs.get(client) ?? 0, clock));
  };
  for (const struct of update.structs) if (!(struct instanceof Y.Skip)) need(struct.id.client, struct.id.clock + struct.length);
  for (const [client, items] of update.ds.clients) for (const item of items as DeleteItem[]) need(client, item.clock + item.len);
  return needs;
}

function rangeStored(ranges: Array<[number, number]> | undefined, start: number, end: number): boolean {
  if (!ranges) return false;
  const at = lastStartingAtOrBefore(ranges, start, (r) => r[0]);
  return at >= 0 && ranges[at]![1] >= end;
}

function deletionStored(stored: DeleteItem[] | undefined, item: DeleteItem): boolean {
  if (!stored) return false;
  const at = lastStartingAtOrBefore(stored, item.clock, (d) => d.clock);
  return at >= 0 && stored[at]!.clock + stored[at]!.len >= item.clock + item.len;
}

/** Index of the last element whose start is ≤ position (elements sorted by start), or -1. */
function lastStartingAtOrBefore<T>(sorted: readonly T[], position: number, startOf: (item: T) => number): number {
  let low = 0;
  let high = sorted.length - 1;
  let found = -1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (startOf(sorted[middle]!) <= position) {
      found = middle;
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  return found;
}

function addRange(map: Map<number, Array<[number, number]>>, client: number, start: number, end: number): void {
  const ranges = map.get(client) ?? [];
  const merged: Array<[number, number]> = [];
  let next: [number, number] = [start, end];
  let placed = false;
  for (const range of ranges) {
    if (range[1] < next[0]) merged.push(range);
    else if (range[0] > next[1]) {
      if (!placed) merged.push(next);
      placed = true;
      merged.push(range);
    } else next = [Math.min(range[0], next[0]), Math.max(range[1], next[1])];
  }
  if (!placed) merged.push(next);
  map.set(client, merged);
}
