/**
 * Document benchmark: Chorus, y-websocket's server and Hocuspocus side by
 * side on the same workloads, in one run. Every server runs in its own
 * process; all clients run in this one.
 */
import { readFileSync } from 'node:fs';
import * as Y from 'yjs';
import { PEERS, rssOf, type Peer, type PeerClient, type RunningServer } from './lib/peers.js';
import { bytes, ms, summarise, table } from './lib/stats.js';

const now = (): number => performance.timeOrigin + performance.now();
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

interface Connected { doc: Y.Doc; client: PeerClient }

async function connectMany(peer: Peer, server: RunningServer, docName: string, count: number, parallel = 25): Promise<Connected[]> {
  const out: Connected[] = [];
  for (let i = 0; i < count; i += parallel) {
    const batch = await Promise.all(Array.from({ length: Math.min(parallel, count - i) }, async () => {
      const doc = new Y.Doc();
      return { doc, client: await peer.connect(server.port, docName, doc) };
    }));
    out.push(...batch);
  }
  return out;
}

function closeAll(clients: Connected[]): void {
  for (const { client, doc } of clients) {
    client.destroy();
    doc.destroy();
  }
}

/** Readers record, for each marker `|i;` they see inserted, the time since the writer made edit i. */
function watchMarkers(readers: Connected[], sentAt: Map<number, number>, latencies: number[]): void {
  for (const { doc } of readers) {
    doc.getText('bench').observe((event) => {
      const arrived = now();
      for (const op of event.delta) {
        if (typeof op.insert !== 'string') continue;
        for (const match of op.insert.matchAll(/\|(\d+);/g)) {
          const sent = sentAt.get(Number(match[1]));
          if (sent !== undefined) latencies.push(arrived - sent);
        }
      }
    });
  }
}

async function fanout(peer: Peer, readersCount: number): Promise<number[]> {
  const server = await peer.start();
  try {
    const [writer] = await connectMany(peer, server, 'fanout', 1);
    const readers = await connectMany(peer, server, 'fanout', readersCount);
    const sentAt = new Map<number, number>();
    const latencies: number[] = [];
    watchMarkers(readers, sentAt, latencies);
    const edits = 100;
    for (let i = 0; i < edits; i += 1) {
      sentAt.set(i, now());
      const text = writer!.doc.getText('bench');
      text.insert(text.length, `|${i};`);
      await sleep(50);
    }
    const deadline = Date.now() + 20_000;
    while (latencies.length < edits * readersCount && Date.now() < deadline) await sleep(50);
    closeAll([writer!, ...readers]);
    return latencies;
  } finally {
    await server.stop();
  }
}

async function manyDocuments(peer: Peer, documents: number, perDocument: number): Promise<{ latencies: number[]; rss: number; cpuSeconds: number }> {
  const server = await peer.start();
  try {
    const groups: Connected[][] = [];
    for (let d = 0; d < documents; d += 1) groups.push(await connectMany(peer, server, `doc-${d}`, perDocument, perDocument));
    const latencies: number[] = [];
    const sentAt = new Map<number, number>();
    groups.forEach((group) => watchMarkers(group.slice(1), sentAt, latencies));
    const cpuBefore = cpuSeconds(server.pid);
    let marker = 0;
    // Ten rounds: in each, the first client of every document makes one edit.
    for (let round = 0; round < 10; round += 1) {
      for (const group of groups) {
        const id = marker++;
        sentAt.set(id, now());
        const text = group[0]!.doc.getText('bench');
        text.insert(text.length, `|${id};`);
      }
      await sleep(500);
    }
    const deadline = Date.now() + 20_000;
    while (latencies.length < marker * (perDocument - 1) && Date.now() < deadline) await sleep(50);
    const result = { latencies, rss: rssOf(server.pid), cpuSeconds: cpuSeconds(server.pid) - cpuBefore };
    groups.forEach(closeAll);
    return result;
  } finally {
    await server.stop();
  }
}

async function idleMemory(peer: Peer, connections: number): Promise<number> {
  const server = await peer.start();
  try {
    const warm = await connectMany(peer, server, 'warm', 10);
    closeAll(warm);
    await sleep(1000);
    const before = rssOf(server.pid);
    const clients: Connected[] = [];
    for (let d = 0; d < connections / 10; d += 1) clients.push(...(await connectMany(peer, server, `idle-${d}`, 10, 10)));
    await sleep(2000);
    const after = rssOf(server.pid);
    closeAll(clients);
    return (after - before) / connections;
  } finally {
    await server.stop();
  }
}

/** A document whose history holds 100,000 separate edits (inserts at scattered places, so they do not merge). */
function bigHistory(edits: number): Uint8Array {
  const doc = new Y.Doc();
  const text = doc.getText('bench');
  let seed = 42;
  const rnd = (): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  for (let i = 0; i < edits; i += 1) text.insert(Math.floor(rnd() * (text.length + 1)), String.fromCharCode(97 + (i % 26)));
  return Y.encodeStateAsUpdate(doc);
}

async function loadTime(peer: Peer, history: Uint8Array): Promise<number[]> {
  const server = await peer.start();
  try {
    const seeded = new Y.Doc();
    Y.applyUpdate(seeded, history);
    const seeder = await peer.connect(server.port, 'history', seeded);
    const expected = seeded.getText('bench').length;
    const readerDoc = new Y.Doc();
    const probe = await peer.connect(server.port, 'history', readerDoc);
    const deadline = Date.now() + 60_000;
    while (readerDoc.getText('bench').length < expected && Date.now() < deadline) await sleep(20);
    probe.destroy();
    const times: number[] = [];
    for (let run = 0; run < 3; run += 1) {
      const doc = new Y.Doc();
      const started = now();
      const client = await peer.connect(server.port, 'history', doc);
      while (doc.getText('bench').length < expected && Date.now() < deadline) await sleep(1);
      times.push(now() - started);
      client.destroy();
    }
    seeder.destroy();
    return times;
  } finally {
    await server.stop();
  }
}

async function awarenessAtScale(peer: Peer, members: number, movers: number, hz: number, seconds: number): Promise<number[]> {
  const server = await peer.start();
  try {
    const clients = await connectMany(peer, server, 'cursors', members, 50);
    const moverIds = new Set(clients.slice(0, movers).map((c) => c.doc.clientID));
    const latencies: number[] = [];
    for (const { client } of clients.slice(movers)) {
      client.awareness.on('change', ({ updated, added }: { updated: number[]; added: number[] }) => {
        const arrived = now();
        for (const id of [...updated, ...added]) {
          if (!moverIds.has(id)) continue;
          const t = (client.awareness.getStates().get(id) as { cursor?: { t: number } } | undefined)?.cursor?.t;
          if (t !== undefined) latencies.push(arrived - t);
        }
      });
    }
    const end = Date.now() + seconds * 1000;
    let tick = 0;
    while (Date.now() < end) {
      for (const { client } of clients.slice(0, movers)) client.awareness.setLocalStateField('cursor', { t: now(), tick });
      tick += 1;
      await sleep(1000 / hz);
    }
    await sleep(2000);
    closeAll(clients);
    return latencies;
  } finally {
    await server.stop();
  }
}

function cpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

export async function docsBenchmark(log: (line: string) => void): Promise<string> {
  const rows = { fanout: [] as string[][], many: [] as string[][], idle: [] as string[][], load: [] as string[][], awareness: [] as string[][] };
  const history = bigHistory(100_000);
  for (const peer of PEERS) {
    for (const readers of [10, 100, 500]) {
      log(`docs: ${peer.name}: 1 writer, ${readers} readers`);
      const s = summarise(await fanout(peer, readers));
      rows.fanout.push([peer.name, String(readers), `${s.count} / ${100 * readers}`, ms(s.p50), ms(s.p95), ms(s.p99)]);
    }
    log(`docs: ${peer.name}: 200 documents × 5 clients`);
    const many = await manyDocuments(peer, 200, 5);
    const m = summarise(many.latencies);
    rows.many.push([peer.name, `${m.count} / ${2000 * 4}`, ms(m.p50), ms(m.p99), bytes(many.rss), `${many.cpuSeconds.toFixed(1)} s`]);
    log(`docs: ${peer.name}: idle memory`);
    rows.idle.push([peer.name, bytes(await idleMemory(peer, 1000))]);
    log(`docs: ${peer.name}: loading a document with 100,000 edits`);
    const load = summarise(await loadTime(peer, history));
    rows.load.push([peer.name, ms(load.p50), ms(load.max)]);
    log(`docs: ${peer.name}: awareness, 500 members, 20 moving at 10 Hz`);
    const a = summarise(await awarenessAtScale(peer, 500, 20, 10, 5));
    rows.awareness.push([peer.name, String(a.count), ms(a.p50), ms(a.p95), ms(a.p99)]);
  }
  return [
    '## Documents: Chorus, y-websocket\'s server and Hocuspocus',
    '',
    'Same workloads, same run, each server in its own process with its own real client',
    '(Chorus: pusher-js + PusherYjsProvider; y-websocket: WebsocketProvider; Hocuspocus: HocuspocusProvider).',
    'All clients share the benchmark process, so client-side decoding is part of every figure.',
    'Chorus also persists every document to SQLite; the other two run with no persistence.',
    '',
    '### Fan-out: 1 writer, 100 edits at 20 a second',
    '',
    table(['server', 'readers', 'delivered / expected', 'p50', 'p95', 'p99'], rows.fanout),
    '',
    '### 200 documents × 5 clients: one edit per document every 500 ms, 10 rounds',
    '',
    table(['server', 'delivered / expected', 'p50', 'p99', 'server RSS', 'server CPU'], rows.many),
    '',
    '### Memory per idle connection (1,000 clients on 100 documents)',
    '',
    table(['server', 'RSS per connection'], rows.idle),
    '',
    '### Loading a document with 100,000 edits in its history (new client until synced; 3 runs)',
    '',
    table(['server', 'median', 'slowest'], rows.load),
    '',
    '### Awareness: one document, 500 members, 20 of them moving their cursor 10 times a second for 5 s',
    '',
    'Latency from a mover setting its cursor to another member seeing it, over all (mover, member) pairs.',
    '',
    table(['server', 'cursor updates seen', 'p50', 'p95', 'p99'], rows.awareness),
    '',
  ].join('\n');
}
