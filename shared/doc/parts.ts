/**
 * Large binary payloads travel in parts: the same event with
 * `{ id, part, parts, update }`, where `update` is the base64 of one byte
 * range. The receiver joins them once every part is in.
 */
import { fromBase64, toBase64 } from './base64.js';

export interface PartPayload {
  readonly id: string;
  readonly part: number;
  readonly parts: number;
  readonly update: string;
}

export function splitIntoParts(bytes: Uint8Array, partBytes: number, id: string): PartPayload[] {
  const parts = Math.max(1, Math.ceil(bytes.length / partBytes));
  return Array.from({ length: parts }, (_, part) => ({
    id,
    part,
    parts,
    update: toBase64(bytes.subarray(part * partBytes, (part + 1) * partBytes)),
  }));
}

export function isPartPayload(value: Record<string, unknown>): boolean {
  return value.id !== undefined || value.part !== undefined || value.parts !== undefined;
}

export type PartResult =
  | { readonly kind: 'incomplete'; readonly received: number; readonly parts: number }
  | { readonly kind: 'complete'; readonly bytes: Uint8Array }
  | { readonly kind: 'invalid'; readonly reason: string };

/** Collects parts per id; bounded in total size, in the number of open assemblies, and in time. */
export class PartAssembler {
  private readonly open = new Map<string, { parts: number; chunks: (Uint8Array | undefined)[]; received: number; bytes: number; startedAt: number }>();

  constructor(
    private readonly maxBytes: number,
    private readonly maxOpen = 4,
    /** An assembly not finished within this many ms is dropped (its parts were lost, or never meant to come). */
    private readonly timeoutMs = Number.POSITIVE_INFINITY,
    private readonly now: () => number = Date.now,
  ) {}

  add(payload: Record<string, unknown>): PartResult {
    this.dropStale();
    const { id, part, parts } = payload;
    if (typeof id !== 'string' || id.length === 0 || id.length > 64) return { kind: 'invalid', reason: 'part id must be a short string' };
    if (!Number.isInteger(parts) || (parts as number) < 1 || (parts as number) > 10_000) return { kind: 'invalid', reason: 'parts must be a whole number from 1 to 10000' };
    if (!Number.isInteger(part) || (part as number) < 0 || (part as number) >= (parts as number)) return { kind: 'invalid', reason: 'part is out of range' };
    const bytes = fromBase64(payload.update);
    if (!bytes) return { kind: 'invalid', reason: 'update is not base64' };
    let entry = this.open.get(id);
    if (!entry) {
      if (this.open.size >= this.maxOpen) return { kind: 'invalid', reason: 'too many unfinished multi-part updates' };
      entry = { parts: parts as number, chunks: new Array<Uint8Array | undefined>(parts as number), received: 0, bytes: 0, startedAt: this.now() };
      this.open.set(id, entry);
    }
    if (entry.parts !== parts) return this.fail(id, 'parts changed between parts');
    if (entry.chunks[part as number]) return this.fail(id, 'part sent twice');
    entry.bytes += bytes.length;
    if (entry.bytes > this.maxBytes) return this.fail(id, `multi-part update is over ${this.maxBytes} bytes`);
    entry.chunks[part as number] = bytes;
    entry.received += 1;
    if (entry.received < entry.parts) return { kind: 'incomplete', received: entry.received, parts: entry.parts };
    this.open.delete(id);
    return { kind: 'complete', bytes: concat(entry.chunks as Uint8Array[], entry.bytes) };
  }

  clear(): void {
    this.open.clear();
  }

  private dropStale(): void {
    const oldest = this.now() - this.timeoutMs;
    for (const [id, entry] of this.open) if (entry.startedAt < oldest) this.open.delete(id);
  }

  private fail(id: string, reason: string): PartResult {
    this.open.delete(id);
    return { kind: 'invalid', reason };
  }
}

function concat(chunks: Uint8Array[], total: number): Uint8Array {
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}
