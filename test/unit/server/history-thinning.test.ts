/** Which versions a document keeps as they age, and what dropped ones hand on. */
import { describe, expect, it } from 'vitest';
import { parseChanges } from '../../../server/collab/history/changes.js';
import { planThinning } from '../../../server/collab/history/thinning.js';
import type { VersionKind, VersionRecord } from '../../../server/collab/store.js';

const NOW = Date.UTC(2026, 5, 1, 12);
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const LIMITS = { maxAutomatic: 100, maxBytes: 1_000_000 };

function version(id: string, ageMs: number, kind: VersionKind = 'auto', size = 10, author = id): VersionRecord {
  return {
    id, kind, name: kind === 'named' ? id : null, createdAt: new Date(NOW - ageMs), authors: [{ id: author }], restoredFrom: null,
    changes: JSON.stringify({ clients: { [String(ageMs)]: author }, deleted: {}, restores: [] }), size,
  };
}

/** Versions every `stepMs`, newest first, `count` of them. */
function every(stepMs: number, count: number, kind: VersionKind = 'auto'): VersionRecord[] {
  return Array.from({ length: count }, (_, i) => version(`${kind}-${i}`, (i + 1) * stepMs, kind));
}

describe('thinning versions', () => {
  it('keeps the newest 20 automatic versions whatever their age, and named ones always', () => {
    const versions = [...every(MINUTE, 20), ...every(HOUR, 5, 'named')].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
    expect(planThinning(versions, NOW, LIMITS)).toEqual({ drop: [], rewrite: [] });
  });

  it('keeps one older automatic version an hour for a day, one a day for a month, one a week beyond', () => {
    const versions = every(10 * MINUTE, 24 * 6 * 60); // every 10 minutes for 60 days
    const kept = new Set(versions.map((v) => v.id));
    for (const id of planThinning(versions, NOW, { ...LIMITS, maxAutomatic: 10_000 }).drop) kept.delete(id);
    const ages = versions.filter((v) => kept.has(v.id)).map((v) => NOW - v.createdAt.getTime());
    expect(ages.filter((age) => age <= 200 * MINUTE)).toHaveLength(20);
    const lastDay = ages.filter((age) => age > 200 * MINUTE && age < DAY).length;
    expect(lastDay).toBeGreaterThanOrEqual(20);
    expect(lastDay).toBeLessThanOrEqual(22);
    expect(ages.filter((age) => age >= DAY && age < 30 * DAY).length).toBeLessThanOrEqual(30);
    expect(ages.filter((age) => age >= 30 * DAY).length).toBeLessThanOrEqual(6);
  });

  it('drops the oldest automatic versions beyond the count and the byte budgets, never the newest or a named one', () => {
    // An hour apart within a day: none shares an hour with another, so only the budgets drop any.
    const versions = [...every(HOUR, 22), version('big-named', 23 * HOUR, 'named', 500)];
    expect(planThinning(versions, NOW, { ...LIMITS, maxAutomatic: 18 }).drop).toEqual(['auto-18', 'auto-19', 'auto-20', 'auto-21']);
    const tight = planThinning(versions, NOW, { maxAutomatic: 100, maxBytes: 520 }).drop;
    expect(tight).toHaveLength(20);
    expect(tight).not.toContain('big-named');
    expect(tight).not.toContain('auto-0');
    expect(tight).not.toContain('auto-1');
  });

  it('hands the authors and changes of dropped versions to the next version kept after them', () => {
    const versions = [version('newest', MINUTE), ...every(HOUR, 22).map((_, i) => version(`old-${i}`, (i + 1) * HOUR, 'auto', 10, `user-${i}`))];
    const plan = planThinning(versions, NOW, { ...LIMITS, maxAutomatic: 21 });
    expect([...plan.drop].sort()).toEqual(['old-20', 'old-21']);
    expect(plan.rewrite).toHaveLength(1);
    const [rewrite] = plan.rewrite;
    expect(rewrite!.id).toBe('old-19');
    expect(rewrite!.authors.map((a) => a.id).sort()).toEqual(['user-19', 'user-20', 'user-21']);
    expect(Object.values(parseChanges(rewrite!.changes).clients).sort()).toEqual(['user-19', 'user-20', 'user-21']);
  });
});
