/**
 * The floor under the goals that are ratios to a peer: a bare ws relay (bench/peers/ws-relay.mjs),
 * measured in the same run. It speaks no protocol, holds no document and stores nothing, so no
 * WebSocket server on Node and ws does less per socket or per delivery.
 */
import WebSocket from 'ws';
import { rssOf, startScript, type RunningServer } from '../lib/peers.js';
import { bytes, ms, summarise, table, us } from '../lib/stats.js';
import { cpuWindow, now, scaled, sleep, until } from './common.js';

const RELAY = 'bench/peers/ws-relay.mjs';
const EDITS = 100;
/** The size of a keystroke's client-yjs-update frame (see the framing table). */
const FRAME_BYTES = 132;
const IDLE_CLIENTS = 1000;

async function openSockets(server: RunningServer, path: (i: number) => string, count: number, parallel = 50): Promise<WebSocket[]> {
  const sockets: WebSocket[] = [];
  for (let i = 0; i < count; i += parallel) {
    sockets.push(...await Promise.all(Array.from({ length: Math.min(parallel, count - i) }, (_, j) => new Promise<WebSocket>((resolve, reject) => {
      const socket = new WebSocket(`ws://127.0.0.1:${server.port}${path(i + j)}`, { perMessageDeflate: false });
      socket.once('open', () => resolve(socket));
      socket.once('error', reject);
    }))));
  }
  return sockets;
}

/** One writer, `readersCount` readers, 100 frames at 20 a second after 100 untimed: latency and CPU per delivery. */
async function fanout(readersCount: number): Promise<{ latencies: number[]; cpuPerDelivery: number }> {
  const server = await startScript(RELAY, /listening/);
  try {
    const [writer, ...readers] = await openSockets(server, () => '/fanout', readersCount + 1);
    const sentAt = new Map<number, number>();
    const latencies: number[] = [];
    let received = 0;
    for (const reader of readers) {
      reader.on('message', (data: Buffer) => {
        received += 1;
        const sent = sentAt.get(data.readUInt32LE(0));
        if (sent !== undefined) latencies.push(now() - sent);
      });
    }
    const frames = async (firstId: number, timed: boolean): Promise<void> => {
      for (let i = 0; i < EDITS; i += 1) {
        const frame = Buffer.alloc(FRAME_BYTES);
        frame.writeUInt32LE(firstId + i, 0);
        if (timed) sentAt.set(firstId + i, now());
        writer!.send(frame);
        await sleep(50);
      }
    };
    await frames(1_000_000, false);
    await until(() => received >= EDITS * readersCount, 20_000);
    const cpu = cpuWindow(server.pid);
    await frames(0, true);
    await until(() => latencies.length >= EDITS * readersCount, 20_000);
    const { cpuSeconds } = cpu();
    for (const socket of [writer!, ...readers]) socket.terminate();
    return { latencies, cpuPerDelivery: (cpuSeconds * 1e6) / Math.max(1, latencies.length) };
  } finally {
    await server.stop();
  }
}

/** RSS 1 s after start, and per idle client once 1,000 are connected (on 100 paths). */
async function memory(args: string[]): Promise<{ rest: number; perClient: number }> {
  const server = await startScript(RELAY, /listening/, args);
  try {
    await sleep(1000);
    const rest = rssOf(server.pid);
    const sockets = await openSockets(server, (i) => `/doc-${i % 100}`, IDLE_CLIENTS);
    await sleep(2000);
    const perClient = (rssOf(server.pid) - rest) / IDLE_CLIENTS;
    for (const socket of sockets) socket.terminate();
    return { rest, perClient };
  } finally {
    await server.stop();
  }
}

export async function floorSection(log: (line: string) => void): Promise<string> {
  const rows: string[][] = [];
  for (const readers of [scaled(100, 5), scaled(500, 10)]) {
    log(`docs: bare ws relay: fan-out, 1 writer, ${readers} readers`);
    const run = await fanout(readers);
    const s = summarise(run.latencies);
    rows.push([`fan-out, ${readers} readers: p50 / p99`, `${ms(s.p50)} / ${ms(s.p99)}`, '—']);
    rows.push([`fan-out, ${readers} readers: server CPU per delivered update`, us(run.cpuPerDelivery), '—']);
  }
  log('docs: bare ws relay: memory');
  const bare = await memory([]);
  const durable = await memory(['durable']);
  rows.push(['server RSS at rest', bytes(bare.rest), bytes(durable.rest)]);
  rows.push([`server RSS per idle client (${IDLE_CLIENTS}, silent)`, bytes(bare.perClient), bytes(durable.perClient)]);
  return [
    '### The floor: a bare ws relay',
    '',
    'A `ws` server that sends each message on to the other sockets of its path and does nothing else',
    `(bench/peers/ws-relay.mjs): no protocol, no document, no storage. Its clients are raw ws sockets; the`,
    `writer sends ${FRAME_BYTES}-byte frames (a keystroke's Chorus frame), ${EDITS} untimed first, then ${EDITS} at 20 a second.`,
    'No server on Node and ws spends less per delivery or per socket, so a goal below these figures',
    'cannot be met on this stack; the second column adds what a durable Yjs server cannot do without',
    '(yjs loaded, a SQLite database open).',
    '',
    table(['', 'bare ws relay', '+ yjs + SQLite'], rows),
  ].join('\n');
}
