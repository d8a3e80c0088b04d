/**
 * A large `yjs-sync-2` may come deflated (raw DEFLATE, RFC 1951) when the
 * client's `client-yjs-sync-1` offered `encoding: 'deflate-raw'`: a document's
 * state compresses to about 40% and base64 then adds a third, so a load
 * costs about half the bytes of the raw state. Decoded with the platform's
 * DecompressionStream (browsers, Node 18+): nothing to bundle.
 */
export const SYNC_ENCODING = 'deflate-raw';

/** True where this runtime can inflate a deflated sync-2. */
export function canInflate(): boolean {
  return typeof DecompressionStream === 'function' && typeof Response === 'function' && typeof Blob === 'function';
}

export async function inflateRaw(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream(SYNC_ENCODING));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}
