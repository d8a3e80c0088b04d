/**
 * Which versions a document keeps. Named versions are kept (their number is
 * capped when they are made). Automatic ones (taken after a stretch of
 * editing, before and after restores) thin out with age: the newest 20 are
 * kept, then one an hour for a day, one a day for 30 days, one a week after
 * that; beyond the count budget, and the byte budget, the oldest go first.
 * The newest automatic version always stays. What a dropped version recorded
 * (its authors, who changed what) is folded into the next version kept
 * after it, so each version still lists everyone who changed the document
 * since the one before it.
 */
import type { VersionAuthor } from '../../../shared/history/diff-tree.js';
import type { VersionPrune, VersionRecord } from '../store.js';
import { mergeChanges, parseChanges } from './changes.js';

export interface ThinLimits {
  /** Automatic versions a document keeps. */
  readonly maxAutomatic: number;
  /** Bytes of versions a document keeps (named ones count, but are never dropped). */
  readonly maxBytes: number;
}

const KEEP_NEWEST = 20;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;

/** The thinning of `versions` (newest first) at time `now`. */
export function planThinning(versions: readonly VersionRecord[], now: number, limits: ThinLimits): VersionPrune {
  const drop = chooseDrops(versions, now, limits);
  return { drop: [...drop], rewrite: foldDropped(versions, drop) };
}

function chooseDrops(versions: readonly VersionRecord[], now: number, limits: ThinLimits): Set<string> {
  const drop = new Set<string>();
  const automatic = versions.filter((v) => v.kind !== 'named');
  const buckets = new Set<string>();
  automatic.forEach((version, index) => {
    const bucket = bucketOf(now, version.createdAt.getTime());
    if (index >= KEEP_NEWEST && buckets.has(bucket)) drop.add(version.id);
    buckets.add(bucket);
  });
  for (const version of automatic.filter((v) => !drop.has(v.id)).slice(Math.max(1, limits.maxAutomatic))) drop.add(version.id);
  let bytes = versions.filter((v) => !drop.has(v.id)).reduce((total, v) => total + v.size, 0);
  for (const version of automatic.slice(1).reverse()) {
    if (bytes <= limits.maxBytes) break;
    if (drop.has(version.id)) continue;
    drop.add(version.id);
    bytes -= version.size;
  }
  return drop;
}

/** Newer versions are kept per hour, older ones per day, the oldest per week: the newest in each. */
function bucketOf(now: number, at: number): string {
  const age = now - at;
  if (age < DAY) return `h${Math.floor(at / HOUR)}`;
  if (age < 30 * DAY) return `d${Math.floor(at / DAY)}`;
  return `w${Math.floor(at / WEEK)}`;
}

/** Hands what each dropped version recorded to the next kept one after it. */
function foldDropped(versions: readonly VersionRecord[], drop: ReadonlySet<string>): VersionPrune['rewrite'] {
  const rewrite: Array<VersionPrune['rewrite'][number]> = [];
  let carried: VersionRecord[] = [];
  for (const version of [...versions].reverse()) {
    if (drop.has(version.id)) {
      carried.push(version);
      continue;
    }
    if (carried.length === 0) continue;
    const all = [...carried, version];
    rewrite.push({
      id: version.id,
      authors: unionOfAuthors(all.map((v) => v.authors)),
      changes: JSON.stringify(mergeChanges(...all.map((v) => parseChanges(v.changes)))),
    });
    carried = [];
  }
  return rewrite;
}

/** Authors of several versions, each once, the newest name and colour winning. */
export function unionOfAuthors(lists: ReadonlyArray<readonly VersionAuthor[]>): VersionAuthor[] {
  const byId = new Map<string, VersionAuthor>();
  for (const list of lists) for (const author of list) byId.set(author.id, author);
  return [...byId.values()];
}
