/** Many document connections: time to establish them all (connected and synced), and memory at rest. */
import { closeAll as closePlain, connectMany as connectPlain, subscribe } from '../lib/clients.js';
import { PEERS, rssOf, type Peer } from '../lib/peers.js';
import { bytes, seconds } from '../lib/stats.js';
import { Comparison } from './compare.js';
import { closeAll, connectMany, cpuWindow, now, scaled, sleep, type Connected } from './common.js';

const PER_DOCUMENT = 10;
const PARALLEL = 50;

async function establish(peer: Peer, connections: number) {
  const server = await peer.start();
  try {
    const cpu = cpuWindow(server.pid);
    const started = now();
    const clients = await connectMany(peer, server, (i) => `conn-${Math.floor(i / PER_DOCUMENT)}`, connections, PARALLEL);
    const took = (now() - started) / 1000;
    const window = cpu();
    const rss = rssOf(server.pid);
    closeAll(clients);
    return { took, serverCpu: window.cpuSeconds, rss };
  } finally {
    await server.stop();
  }
}

/** Server RSS added per idle document client (after a warm-up, 2 s to settle). */
async function idlePerConnection(peer: Peer, connections: number): Promise<{ rest: number; perConnection: number }> {
  const server = await peer.start();
  try {
    await sleep(1000);
    const rest = rssOf(server.pid);
    closeAll(await connectMany(peer, server, 'warm', 10));
    await sleep(1000);
    const before = rssOf(server.pid);
    const clients: Connected[] = await connectMany(peer, server, (i) => `idle-${Math.floor(i / 10)}`, connections, 10);
    await sleep(2000);
    const after = rssOf(server.pid);
    closeAll(clients);
    return { rest, perConnection: (after - before) / connections };
  } finally {
    await server.stop();
  }
}

/** Chorus only: the same for raw Pusher clients on public channels (no document), 10 per channel. */
async function plainChannelIdle(connections: number): Promise<number> {
  const server = await PEERS[0]!.start();
  try {
    await closePlain(await connectPlain(server.port, 10));
    await sleep(1000);
    const before = rssOf(server.pid);
    const clients = await connectPlain(server.port, connections, 50);
    await Promise.all(clients.map((c, i) => subscribe(c, `idle-${Math.floor(i / 10)}`)));
    await sleep(2000);
    const after = rssOf(server.pid);
    await closePlain(clients);
    return (after - before) / connections;
  } finally {
    await server.stop();
  }
}

export async function connectionsSection(log: (line: string) => void, rest: Comparison): Promise<string> {
  const connections = scaled(10_000, 200);
  const idle = scaled(1000, 100);
  const table = new Comparison(PEERS.map((p) => p.name));
  for (const [index, peer] of PEERS.entries()) {
    log(`docs: ${peer.name}: establishing ${connections} document connections`);
    const run = await establish(peer, connections);
    table.set(`time to connect and sync ${connections.toLocaleString('en-US')} clients`, index, run.took, seconds);
    table.set('server CPU over that time', index, run.serverCpu, seconds);
    table.set('server RSS with all connected', index, run.rss, bytes);
    log(`docs: ${peer.name}: idle memory, ${idle} clients`);
    const i = await idlePerConnection(peer, idle);
    rest.set(`server RSS per idle document client (${idle.toLocaleString('en-US')} on ${idle / 10} documents)`, index, i.perConnection, bytes);
  }
  log('docs: Chorus: idle memory, plain channels');
  rest.set(`server RSS per idle plain-channel client (${idle.toLocaleString('en-US')}, raw Pusher protocol)`, 0, await plainChannelIdle(idle), bytes, 'none');
  return [
    `### ${connections.toLocaleString('en-US')} document connections: ${connections / PER_DOCUMENT} documents × ${PER_DOCUMENT} clients`,
    '',
    `Each server's real client (as everywhere here), ${PARALLEL} connecting at a time for all three: a`,
    'client counts once its provider reports synced. All clients live in the benchmark process, so the',
    'time includes each client library\'s own cost (all three on ws; for Chorus, pusher-js\'s worker build,',
    'the web build\'s code without the DOM); server CPU over the same time shows what the server itself spent.',
    '',
    table.table(),
    '',
    '### Memory: a node at rest and idle connections',
    '',
    'At rest: RSS 1 s after start, nothing connected (read before the saturated run). Per idle client:',
    'RSS added by clients that stay connected and silent, 2 s after the last one synced. The plain-channel',
    'figure is Chorus only: raw Pusher clients subscribed to public channels, no document.',
    '',
    rest.table(),
  ].join('\n');
}
