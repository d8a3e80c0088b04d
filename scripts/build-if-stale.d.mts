/** Types of build-if-stale.mjs, for the tests that import it. */
export function inputsHash(root: string): string;
export function isFresh(root: string): boolean;
export function buildIfStale(root: string, build?: () => number | null): { built: boolean; status: number };
