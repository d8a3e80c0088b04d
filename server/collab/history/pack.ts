/**
 * A version's content as stored: the document's full encoded state, deflated
 * (Yjs states of text shrink by half or more). Compression runs on libuv's
 * thread pool, not the event loop, which keeps relaying edits meanwhile.
 */
import { promisify } from 'node:util';
import { deflateRaw, inflateRaw } from 'node:zlib';

const deflate = promisify(deflateRaw);
const inflate = promisify(inflateRaw);

/** The first byte says how the rest is encoded, so another encoding can come later. */
const DEFLATED = 1;

export async function packState(state: Uint8Array): Promise<Uint8Array> {
  const body = await deflate(state);
  const packed = new Uint8Array(body.length + 1);
  packed[0] = DEFLATED;
  packed.set(body, 1);
  return packed;
}

export async function unpackState(packed: Uint8Array): Promise<Uint8Array> {
  if (packed[0] !== DEFLATED) throw new Error(`Unknown version encoding ${packed[0]}`);
  return new Uint8Array(await inflate(packed.subarray(1)));
}
