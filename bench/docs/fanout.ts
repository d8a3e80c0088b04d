/** Fan-out: one writer, 100 markers at 20 a second, N readers; latency and server CPU per delivery. */
import { PEERS, type Peer } from '../lib/peers.js';
import { ms, summarise, us } from '../lib/stats.js';
import { Comparison } from './compare.js';
import { closeAll, connectMany, cpuWindow, mark, scaled, seenByAll, sleep, until, WARM_UP_IDS, watchMarkers } from './common.js';

const EDITS = 100;

async function fanout(peer: Peer, readersCount: number): Promise<{ latencies: number[]; cpuSeconds: number; clientCpuSeconds: number }> {
  const server = await peer.start();
  try {
    const [writer] = await connectMany(peer, server, 'fanout', 1);
    const readers = await connectMany(peer, server, 'fanout', readersCount);
    const sentAt = new Map<number, number>();
    const latencies: number[] = [];
    watchMarkers(readers, sentAt, latencies);
    const edits = async (firstId: number, timed: boolean): Promise<void> => {
      for (let i = 0; i < EDITS; i += 1) {
        if (timed) sentAt.set(firstId + i, performance.timeOrigin + performance.now());
        mark(writer!.doc, firstId + i);
        await sleep(50);
      }
    };
    await edits(WARM_UP_IDS, false);
    await until(() => seenByAll(readers, WARM_UP_IDS + EDITS - 1), 20_000);
    const cpu = cpuWindow(server.pid);
    const client = process.cpuUsage();
    await edits(0, true);
    await until(() => latencies.length >= EDITS * readersCount, 20_000);
    const { cpuSeconds } = cpu();
    const used = process.cpuUsage(client);
    closeAll([writer!, ...readers]);
    return { latencies, cpuSeconds, clientCpuSeconds: (used.user + used.system) / 1e6 };
  } finally {
    await server.stop();
  }
}

export async function fanoutSection(log: (line: string) => void): Promise<string> {
  const table = new Comparison(PEERS.map((p) => p.name));
  for (const readers of [scaled(100, 5), scaled(500, 10)]) {
    for (const [index, peer] of PEERS.entries()) {
      log(`docs: ${peer.name}: fan-out, 1 writer, ${readers} readers`);
      const run = await fanout(peer, readers);
      const s = summarise(run.latencies);
      table.set(`${readers} readers: delivered of ${EDITS * readers}`, index, s.count, String, 'none');
      table.set(`${readers} readers: p50`, index, s.p50, ms);
      table.set(`${readers} readers: p99`, index, s.p99, ms);
      table.set(`${readers} readers: server CPU per delivered update`, index, (run.cpuSeconds * 1e6) / Math.max(1, s.count), us);
      table.set(`${readers} readers: benchmark process CPU per delivered update`, index, (run.clientCpuSeconds * 1e6) / Math.max(1, s.count), us, 'none');
    }
  }
  return [
    `### Fan-out: 1 writer, ${EDITS} edits at 20 a second`,
    '',
    'Latency from the writer\'s edit to each reader seeing it. Server CPU is user + system time of the',
    'server process (/proc) from the first edit until every reader has seen the last, divided by the',
    'deliveries (edits × readers); at 1/100 s clock ticks it is coarse for small runs. The benchmark',
    "process's CPU over the same window, per delivery, is what the readers' client library spent taking",
    'each update in (the writer is one of hundreds of clients): readers take updates one after another,',
    'so it adds to the latency of every reader after the first. The same',
    `${EDITS} edits are sent once untimed first, to every server alike (bench/docs/common.ts, WARM_UP_IDS).`,
    '',
    table.table(),
  ].join('\n');
}
