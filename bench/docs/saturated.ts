/**
 * One document saturated: W writers push edits as fast as the server takes them, each keeping at
 * most WINDOW edits in flight (sent, not yet seen by the probe reader), to R readers for a bounded time.
 */
import { PEERS, rssOf, type Peer } from '../lib/peers.js';
import { bytes, count, ms, percent, summarise } from '../lib/stats.js';
import { Comparison } from './compare.js';
import { closeAll, connectMany, cpuWindow, mark, now, onMarkers, profileDir, SCALE, scaled, sleep, until } from './common.js';

const WRITERS = 10;
const WINDOW = 8;
const MAX_EDITS = 500_000;

async function saturated(peer: Peer, readersCount: number, seconds: number) {
  const server = await peer.start({ profileDir: profileDir(peer, 'saturated') });
  try {
    await sleep(1000);
    const restRss = rssOf(server.pid);
    const writers = await connectMany(peer, server, 'busy', WRITERS);
    const readers = await connectMany(peer, server, 'busy', readersCount);
    const sentAt: number[] = [];
    const writerOf: number[] = [];
    const inFlight = writers.map(() => 0);
    const seenBy = readers.map(() => 0);
    const latencies: number[] = [];
    let end = Number.POSITIVE_INFINITY;
    const send = (w: number): void => {
      while (inFlight[w]! < WINDOW && now() < end && sentAt.length < MAX_EDITS) {
        const id = sentAt.length;
        sentAt.push(now());
        writerOf.push(w);
        inFlight[w]! += 1;
        mark(writers[w]!.doc, id);
      }
    };
    readers.forEach(({ doc }, r) => onMarkers(doc, (id, arrived) => {
      if (sentAt[id] === undefined) return;
      latencies.push(arrived - sentAt[id]!);
      seenBy[r]! += 1;
      if (r !== 0) return;
      // The probe reader paces the writers: an edit it has seen is no longer in flight.
      const w = writerOf[id]!;
      inFlight[w]! -= 1;
      setImmediate(() => send(w));
    }));
    const cpu = cpuWindow(server.pid);
    const client = process.cpuUsage();
    const started = now();
    end = started + seconds * 1000;
    let busyRss = 0;
    const rssTimer = setInterval(() => { busyRss = Math.max(busyRss, rssOf(server.pid)); }, 250);
    writers.forEach((_, w) => send(w));
    await sleep(seconds * 1000);
    clearInterval(rssTimer);
    const window = cpu();
    const clientCpu = process.cpuUsage(client);
    await until(() => seenBy.every((n) => n >= sentAt.length), 10_000);
    closeAll([...writers, ...readers]);
    return {
      sent: sentAt.length,
      acceptedPerSecond: Math.min(...seenBy) / seconds,
      latencies, restRss, busyRss,
      serverCpu: window.percent,
      clientCpu: (100 * (clientCpu.user + clientCpu.system)) / 1e6 / window.wallSeconds,
    };
  } finally {
    await server.stop();
  }
}

export async function saturatedSection(log: (line: string) => void): Promise<{ text: string; rest: Comparison }> {
  const readers = scaled(50, 10);
  const seconds = Math.max(2, Math.round(10 * SCALE));
  const servers = PEERS.map((p) => p.name);
  const table = new Comparison(servers);
  const rest = new Comparison(servers);
  for (const [index, peer] of PEERS.entries()) {
    log(`docs: ${peer.name}: one document saturated, ${WRITERS} writers, ${readers} readers, ${seconds} s`);
    const run = await saturated(peer, readers, seconds);
    const s = summarise(run.latencies);
    table.set('edits delivered to every reader, per second', index, run.acceptedPerSecond, (v) => `${count(v)}/s`, 'higher');
    table.set('edits sent', index, run.sent, count, 'none');
    table.set('delivery p50', index, s.p50, ms);
    table.set('delivery p99', index, s.p99, ms);
    table.set('server CPU, % of the window', index, run.serverCpu, percent, 'none');
    table.set('benchmark process CPU, % of the window', index, run.clientCpu, percent, 'none');
    table.set('server RSS, busiest sample', index, run.busyRss, bytes);
    rest.set('server RSS at rest (started, nothing connected)', index, run.restRss, bytes);
  }
  const text = [
    `### One document saturated: ${WRITERS} writers, ${readers} readers, ${seconds} s`,
    '',
    `Each writer appends small numbered edits as fast as it may: it keeps at most ${WINDOW} edits in flight,`,
    'an edit leaving flight when one designated reader has seen it, and sends its next at once. The rule',
    'is the same for all three servers, so each is driven at the rate it delivers. "Edits delivered to',
    'every reader, per second" is the number of distinct edits seen by the reader that saw fewest,',
    'over the sending window; latency is over every (edit, reader) pair. All readers and writers run in',
    'the benchmark process; a benchmark process near 100 % CPU means the clients, not the server, set the pace.',
    "Chorus's client sends the edits that keep coming together, once per 50 ms (its default batching, which",
    "keeps a socket well inside the node's per-socket budget): with 8 edits in flight, that interval can pace",
    'its writers while neither process is busy.',
    '',
    table.table(),
  ].join('\n');
  return { text, rest };
}
