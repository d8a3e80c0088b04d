/**
 * A sync-2 answer, deflated when the client offered it (shared/doc/inflate.ts)
 * and the answer is large enough to gain. Deflating runs on libuv's thread
 * pool, off the event loop; level 1 takes 16 ms for a 1.8 MB state here and
 * gets within 3% of level 6, which takes four times longer.
 */
import { promisify } from 'node:util';
import { deflateRaw } from 'node:zlib';
import { SYNC_ENCODING } from '../../shared/doc/inflate.js';

const deflate = promisify(deflateRaw);

/** Below this, a sync-2 goes as it is: the saving would not pay for the round through the thread pool. */
export const DEFLATE_FROM_BYTES = 64 * 1024;

export function worthDeflating(diff: Uint8Array, offered: boolean): boolean {
  return offered && diff.length >= DEFLATE_FROM_BYTES;
}

export async function encodeSync2(diff: Uint8Array, deflated: boolean): Promise<{ bytes: Uint8Array; encoding?: typeof SYNC_ENCODING }> {
  if (!deflated) return { bytes: diff };
  return { bytes: await deflate(diff, { level: 1 }), encoding: SYNC_ENCODING };
}
