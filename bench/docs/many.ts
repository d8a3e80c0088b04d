/** 200 documents × 5 clients: one edit per document every 500 ms, 10 rounds. */
import { PEERS, rssOf, type Peer } from '../lib/peers.js';
import { bytes, ms, percent, seconds, summarise } from '../lib/stats.js';
import { Comparison } from './compare.js';
import { closeAll, connectMany, cpuWindow, mark, profileDir, scaled, seenByAll, sleep, until, WARM_UP_IDS, watchMarkers, type Connected } from './common.js';

const ROUNDS = 10;

async function manyDocuments(peer: Peer, documents: number, perDocument: number) {
  const server = await peer.start({ profileDir: profileDir(peer, 'many-documents') });
  try {
    const groups: Connected[][] = [];
    for (let d = 0; d < documents; d += 1) groups.push(await connectMany(peer, server, `doc-${d}`, perDocument, perDocument));
    const latencies: number[] = [];
    const sentAt = new Map<number, number>();
    groups.forEach((group) => watchMarkers(group.slice(1), sentAt, latencies));
    // In each round, the first client of every document makes one edit.
    let marker = 0;
    const rounds = async (timed: boolean): Promise<void> => {
      for (let round = 0; round < ROUNDS; round += 1) {
        for (const group of groups) {
          const id = timed ? marker++ : WARM_UP_IDS + marker++;
          if (timed) sentAt.set(id, performance.timeOrigin + performance.now());
          mark(group[0]!.doc, id);
        }
        await sleep(500);
      }
    };
    await rounds(false);
    await until(() => groups.every((group, d) => seenByAll(group.slice(1), WARM_UP_IDS + marker - documents + d)), 20_000);
    marker = 0;
    const cpu = cpuWindow(server.pid);
    const client = process.cpuUsage();
    await rounds(true);
    await until(() => latencies.length >= marker * (perDocument - 1), 20_000);
    const window = cpu();
    const used = process.cpuUsage(client);
    const clientCpu = (100 * (used.user + used.system)) / 1e6 / window.wallSeconds;
    const result = { latencies, rss: rssOf(server.pid), ...window, clientCpu };
    groups.forEach(closeAll);
    return result;
  } finally {
    await server.stop();
  }
}

export async function manySection(log: (line: string) => void): Promise<string> {
  const documents = scaled(200, 10);
  const table = new Comparison(PEERS.map((p) => p.name));
  for (const [index, peer] of PEERS.entries()) {
    log(`docs: ${peer.name}: ${documents} documents × 5 clients`);
    const run = await manyDocuments(peer, documents, 5);
    const s = summarise(run.latencies);
    table.set(`delivered of ${documents * ROUNDS * 4}`, index, s.count, String, 'none');
    table.set('p50', index, s.p50, ms);
    table.set('p99', index, s.p99, ms);
    table.set('server CPU', index, run.cpuSeconds, seconds);
    table.set('server CPU, % of the window', index, run.percent, percent);
    table.set('benchmark process CPU, % of the window', index, run.clientCpu, percent, 'none');
    table.set('server RSS at the end', index, run.rss, bytes);
  }
  return [
    `### ${documents} documents × 5 clients: one edit per document every 500 ms, ${ROUNDS} rounds`,
    '',
    'The window runs from the first edit until every edit has reached the other 4 clients of its',
    'document (about 5 s); CPU % is server CPU time over that wall time (100 % = one core). The',
    'benchmark process holds all the clients: its CPU is what the client libraries spent. The',
    `${ROUNDS} rounds are run once untimed first, for every server alike (bench/docs/common.ts, WARM_UP_IDS).`,
    '',
    table.table(),
  ].join('\n');
}
