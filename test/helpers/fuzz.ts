/**
 * Property-based fuzzing with fast-check. `npm test` runs each property a
 * modest number of times; `npm run fuzz` multiplies that (CHORUS_FUZZ_SCALE).
 * A failure prints its seed and path; CHORUS_FUZZ_SEED replays it.
 */
import type { Parameters } from 'fast-check';

export function fuzzParameters<T>(runs: number): Parameters<T> {
  const scale = Number(process.env.CHORUS_FUZZ_SCALE ?? 1);
  const seed = process.env.CHORUS_FUZZ_SEED;
  return {
    numRuns: Math.max(1, Math.round(runs * scale)),
    ...(seed ? { seed: Number(seed) } : {}),
  };
}
