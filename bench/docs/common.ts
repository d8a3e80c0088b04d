/** What every document workload shares: clients, markers, CPU and memory readings, the scale knob. */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as Y from 'yjs';
import type { Peer, PeerClient, RunningServer } from '../lib/peers.js';

export const now = (): number => performance.timeOrigin + performance.now();
export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * CHORUS_BENCH_SCALE (0 < s ≤ 1, default 1) shrinks counts and durations for development runs;
 * `--quick` is the same as 0.1. A run at less than full scale never writes docs/benchmarks.md.
 */
export const SCALE = ((): number => {
  if (process.argv.includes('--quick')) return 0.1;
  const value = Number(process.env.CHORUS_BENCH_SCALE ?? '1');
  return Number.isFinite(value) && value > 0 ? Math.min(1, value) : 1;
})();

/** `n` at the current scale, never below `min`. */
export function scaled(n: number, min = 1): number {
  return Math.max(min, Math.round(n * SCALE));
}

/**
 * CHORUS_BENCH_PROFILE=dir: the Chorus node of the profiled workloads writes a V8 CPU profile into
 * dir/<workload>/. Undefined when not asked for, and for the peers.
 */
export function profileDir(peer: Peer, workload: string): string | undefined {
  const root = process.env.CHORUS_BENCH_PROFILE;
  if (!root || peer.name !== 'Chorus') return undefined;
  const dir = join(root, workload);
  mkdirSync(dir, { recursive: true });
  return dir;
}

export interface Connected { doc: Y.Doc; client: PeerClient }

/** Connects `count` clients of `docName(i)`, at most `parallel` connecting at once. */
export async function connectMany(peer: Peer, server: RunningServer, docName: string | ((i: number) => string), count: number, parallel = 25): Promise<Connected[]> {
  const name = typeof docName === 'string' ? () => docName : docName;
  const out: Connected[] = [];
  for (let i = 0; i < count; i += parallel) {
    const batch = await Promise.all(Array.from({ length: Math.min(parallel, count - i) }, async (_, j) => {
      const doc = new Y.Doc();
      return { doc, client: await peer.connect(server.port, name(i + j), doc) };
    }));
    out.push(...batch);
  }
  return out;
}

export function closeAll(clients: Connected[]): void {
  for (const { client, doc } of clients) {
    client.destroy();
    doc.destroy();
  }
}

/** Appends marker `|id;` to the shared text of `doc`. */
export function mark(doc: Y.Doc, id: number): void {
  const text = doc.getText('bench');
  text.insert(text.length, `|${id};`);
}

/** Calls `seen(id, arrivedAt)` for each marker `|id;` inserted into `doc` by others. */
export function onMarkers(doc: Y.Doc, seen: (id: number, arrived: number) => void): void {
  const text = doc.getText('bench');
  text.observe((event) => {
    const arrived = now();
    for (const inserted of insertedStrings(text, event.transaction)) {
      for (const match of inserted.matchAll(/\|(\d+);/g)) seen(Number(match[1]), arrived);
    }
  });
}

/**
 * The strings a transaction inserted into `text`, read from the structs it
 * added. (An event's delta walks the whole text: with 50 readers of a long
 * document, that walk, not the server, set the pace of the clients.)
 */
function insertedStrings(text: Y.Text, transaction: Y.Transaction): string[] {
  const inserted: string[] = [];
  for (const [client, after] of transaction.afterState) {
    const before = transaction.beforeState.get(client) ?? 0;
    if (after <= before) continue;
    const structs = transaction.doc.store.clients.get(client) ?? [];
    for (let i = Y.findIndexSS(structs, before); i < structs.length && structs[i]!.id.clock < after; i += 1) {
      const struct = structs[i];
      if (struct instanceof Y.Item && struct.parent === text && struct.content instanceof Y.ContentString) inserted.push(struct.content.str);
    }
  }
  return inserted;
}

/** Readers record, for each marker they see, the time since it was made. */
export function watchMarkers(readers: Connected[], sentAt: Map<number, number>, latencies: number[]): void {
  for (const { doc } of readers) {
    onMarkers(doc, (id, arrived) => {
      const sent = sentAt.get(id);
      if (sent !== undefined) latencies.push(arrived - sent);
    });
  }
}

/**
 * Marker ids from here on are warm-up edits, never timed (watchMarkers knows
 * only the ids it was given). Each workload sends its edits once untimed
 * first, for every server alike: a server runs for days, so what counts is
 * its cost once its code is compiled, not the first seconds after start.
 */
export const WARM_UP_IDS = 1_000_000;

/** True once every one of `readers` holds marker `id`. */
export function seenByAll(readers: Connected[], id: number): boolean {
  return readers.every(({ doc }) => doc.getText('bench').toString().includes(`|${id};`));
}

/** Waits until `done()` or `limitMs` has passed. */
export async function until(done: () => boolean, limitMs: number): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!done() && Date.now() < deadline) await sleep(20);
}

/** User + system CPU seconds a process has used so far (clock ticks of 1/100 s). */
export function cpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

/** CPU time and wall time of a process over a window: start() then stop(). */
export function cpuWindow(pid: number): () => { cpuSeconds: number; wallSeconds: number; percent: number } {
  const cpu0 = cpuSeconds(pid);
  const wall0 = now();
  return () => {
    const cpu = cpuSeconds(pid) - cpu0;
    const wall = (now() - wall0) / 1000;
    return { cpuSeconds: cpu, wallSeconds: wall, percent: (100 * cpu) / wall };
  };
}
