/** Cursors (awareness): M members of one document, 20 of them moving their cursor at 10 Hz for 5 s. */
import { PEERS, type Peer } from '../lib/peers.js';
import { ms, percent, seconds, summarise } from '../lib/stats.js';
import { Comparison } from './compare.js';
import { closeAll, connectMany, cpuWindow, now, scaled, sleep, until } from './common.js';

const MOVERS = 20;
const HZ = 10;
const SECONDS = 5;
const SETTLE_LIMIT_MS = 20_000;

async function awarenessAtScale(peer: Peer, members: number) {
  const server = await peer.start();
  try {
    const clients = await connectMany(peer, server, 'cursors', members, 50);
    // The joins are over when every member knows every other's state: cursors are timed after that, not behind the joins.
    // At most 20 s: longer, and y-protocols' 30 s awareness timeout would start dropping states.
    const joined = now();
    const allKnown = (): boolean => clients.every(({ client }) => client.awareness.getStates().size >= members);
    await until(allKnown, SETTLE_LIMIT_MS);
    const settledSeconds = allKnown() ? (now() - joined) / 1000 : Number.NaN;
    const moverIds = new Set(clients.slice(0, MOVERS).map((c) => c.doc.clientID));
    const latencies: number[] = [];
    for (const { client } of clients.slice(MOVERS)) {
      client.awareness.on('change', ({ updated, added }: { updated: number[]; added: number[] }) => {
        const arrived = now();
        for (const id of [...updated, ...added]) {
          if (!moverIds.has(id)) continue;
          const t = (client.awareness.getStates().get(id) as { cursor?: { t: number } } | undefined)?.cursor?.t;
          if (t !== undefined) latencies.push(arrived - t);
        }
      });
    }
    const cpu = cpuWindow(server.pid);
    const end = Date.now() + SECONDS * 1000;
    let tick = 0;
    while (Date.now() < end) {
      for (const { client } of clients.slice(0, MOVERS)) client.awareness.setLocalStateField('cursor', { t: now(), tick });
      tick += 1;
      await sleep(1000 / HZ);
    }
    await sleep(2000);
    const window = cpu();
    closeAll(clients);
    return { latencies, serverCpu: window.percent, settledSeconds };
  } finally {
    await server.stop();
  }
}

const settled = (value: number): string => (Number.isFinite(value) ? seconds(value) : `not within ${SETTLE_LIMIT_MS / 1000} s`);

export async function awarenessSection(log: (line: string) => void): Promise<string> {
  const table = new Comparison(PEERS.map((p) => p.name));
  for (const members of [scaled(200, 40), scaled(500, 50), scaled(1000, 100)]) {
    for (const [index, peer] of PEERS.entries()) {
      log(`docs: ${peer.name}: awareness, ${members} members, ${MOVERS} moving at ${HZ} Hz`);
      const run = await awarenessAtScale(peer, members);
      const s = summarise(run.latencies);
      table.set(`${members} members: cursor updates seen, of ~${(SECONDS * HZ * MOVERS * (members - MOVERS)).toLocaleString('en-US')}`, index, s.count, String, 'none');
      table.set(`${members} members: p50`, index, s.p50, ms);
      table.set(`${members} members: p99`, index, s.p99, ms);
      table.set(`${members} members: server CPU, % of the window`, index, run.serverCpu, percent);
      table.set(`${members} members: every state known, after the last join`, index, run.settledSeconds, settled, 'none');
    }
  }
  return [
    `### Cursors (awareness): one document, ${MOVERS} members moving their cursor ${HZ} times a second for ${SECONDS} s`,
    '',
    'Latency from a mover setting its cursor to another member seeing it, over all (mover, member)',
    'pairs, from the moment every member knows every other member\'s state (the joins are over, or 20 s passed); a',
    'server may coalesce updates, so fewer seen is not in itself a loss. CPU % is server CPU',
    `time over the ${SECONDS} s of movement plus 2 s to drain (100 % = one core).`,
    '',
    table.table(),
  ].join('\n');
}
