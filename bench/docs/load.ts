/**
 * A new client loading a large document (~1.8 MB of Yjs state at full scale): from storage into a
 * just-started node (Chorus only), into a just-started process that was just handed it, and warm;
 * plus the bytes the loading client receives, counted on the socket by a proxy.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { startByteProxy } from '../lib/byte-proxy.js';
import { PEERS, type Peer, type PeerClient, type RunningServer } from '../lib/peers.js';
import { bytes, ms, summarise } from '../lib/stats.js';
import { Comparison } from './compare.js';
import { now, scaled, sleep, until } from './common.js';

const RUNS = 3;

/** A document whose history holds `edits` separate one-character inserts at scattered places, so they do not merge. */
export function bigHistory(edits: number): Uint8Array {
  const doc = new Y.Doc();
  const text = doc.getText('bench');
  let seed = 42;
  const rnd = (): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  for (let i = 0; i < edits; i += 1) text.insert(Math.floor(rnd() * (text.length + 1)), String.fromCharCode(97 + (i % 26)));
  return Y.encodeStateAsUpdate(doc);
}

/** Time from a new client starting to connect until its document holds all `length` characters; NaN if it never does. */
async function loadOnce(peer: Peer, port: number, length: number): Promise<number> {
  const doc = new Y.Doc();
  const started = now();
  const client = await peer.connect(port, 'history', doc);
  await until(() => doc.getText('bench').length >= length, 60_000);
  const took = doc.getText('bench').length >= length ? now() - started : Number.NaN;
  client.destroy();
  doc.destroy();
  return took;
}

/** Connects a client holding the whole document and waits `settleMs` for the server to take it in. */
async function seed(peer: Peer, server: RunningServer, history: Uint8Array, settleMs: number): Promise<{ seeder: PeerClient; length: number }> {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, history);
  const seeder = await peer.connect(server.port, 'history', doc);
  await sleep(settleMs);
  return { seeder, length: doc.getText('bench').length };
}

/** Chorus only: the document is stored, the node just started and has not loaded it. */
async function fromStorage(peer: Peer, history: Uint8Array): Promise<number[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'chorus-bench-load-'));
  let server = await peer.start({ dataDir });
  const { seeder, length } = await seed(peer, server, history, 0);
  await loadOnce(peer, server.port, length); // the node has all of it
  seeder.destroy();
  await sleep(1000);
  await server.stop(); // a clean shutdown stores what it holds
  const times: number[] = [];
  for (let run = 0; run < RUNS; run += 1) {
    server = await peer.start({ dataDir });
    try {
      times.push(await loadOnce(peer, server.port, length));
    } finally {
      await server.stop();
    }
  }
  return times;
}

/** Each run: a new server process, a seeder hands it the document and stays, then the timed first load. */
async function freshProcess(peer: Peer, history: Uint8Array): Promise<number[]> {
  const times: number[] = [];
  for (let run = 0; run < RUNS; run += 1) {
    const server = await peer.start();
    try {
      const { seeder, length } = await seed(peer, server, history, 2000);
      times.push(await loadOnce(peer, server.port, length));
      seeder.destroy();
    } finally {
      await server.stop();
    }
  }
  return times;
}

/** Warm loads, then one more through the counting proxy; and whether the server takes deflate from a browser-like client. */
async function warm(peer: Peer, history: Uint8Array) {
  const server = await peer.start();
  try {
    const { seeder, length } = await seed(peer, server, history, 0);
    await loadOnce(peer, server.port, length);
    const times: number[] = [];
    for (let run = 0; run < RUNS; run += 1) times.push(await loadOnce(peer, server.port, length));
    const proxy = await startByteProxy(server.port);
    await loadOnce(peer, proxy.port, length);
    const counted = { received: proxy.toClient, sent: proxy.toServer, offered: proxy.deflateOffered, accepted: proxy.deflateAccepted };
    await proxy.close();
    const browserLike = await deflateAccepted(server.port, peer.wsPath);
    seeder.destroy();
    return { times, ...counted, browserLike };
  } finally {
    await server.stop();
  }
}

/** Opens a WebSocket that offers permessage-deflate, as browsers do; resolves whether the server accepted it. */
function deflateAccepted(port: number, path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}${path}`, { perMessageDeflate: true });
    ws.once('open', () => { resolve(ws.extensions.includes('permessage-deflate')); ws.close(); });
    ws.once('error', () => resolve(false));
  });
}

export async function loadSection(log: (line: string) => void): Promise<string> {
  const edits = scaled(100_000, 2000);
  const history = bigHistory(edits);
  const table = new Comparison(PEERS.map((p) => p.name));
  const yesNo = (v: number): string => (v ? 'yes' : 'no');
  for (const [index, peer] of PEERS.entries()) {
    if (peer.name === 'Chorus') {
      log(`docs: ${peer.name}: loading ${bytes(history.length)} from storage`);
      table.set('from storage, just-started node: median', index, summarise(await fromStorage(peer, history)).p50, ms, 'none');
    }
    log(`docs: ${peer.name}: loading ${bytes(history.length)} from a just-started process`);
    table.set('just-started process, document just handed to it: median', index, summarise(await freshProcess(peer, history)).p50, ms);
    log(`docs: ${peer.name}: loading ${bytes(history.length)} warm`);
    const w = await warm(peer, history);
    table.set('warm (document in memory): median', index, summarise(w.times).p50, ms);
    table.set('bytes received by the loading client', index, w.received, bytes);
    table.set('bytes sent by the loading client', index, w.sent, bytes);
    table.set('benchmark client offered permessage-deflate', index, Number(w.offered), yesNo, 'none');
    table.set('server accepted it (from this client)', index, Number(w.accepted), yesNo, 'none');
    table.set('server accepts it from a browser-like client', index, Number(w.browserLike), yesNo, 'none');
  }
  return [
    `### Loading a document with ${edits.toLocaleString('en-US')} edits in its history (${bytes(history.length)} of Yjs state)`,
    '',
    `Time from a new client starting to connect until its copy holds the whole text; median of ${RUNS} runs.`,
    '"From storage": the document is stored (SQLite) and the node has just been restarted, so the load',
    'includes reading and decoding it; only Chorus can be measured so, as the peers run with no',
    'persistence and drop a document when its last client leaves. "Just-started process": a new server',
    'process, a seeding client hands it the document, stays connected, and 2 s later the timed client',
    'loads: the same for all three, it is the first load that process serves, so cold in JIT and',
    'caches but with the document in memory. "Warm": more loads after the first, the seeder still connected.',
    'Bytes are counted by a TCP proxy on loopback between the loading client and the server (one warm',
    'load): the HTTP upgrade, WebSocket framing and everything the protocol sends, the same way for all.',
    'All three clients run on ws, which offers permessage-deflate as browsers do; the rows below say',
    'whether each server accepts it. Chorus\'s client offers its own deflated sync-2 (docs/protocol.md),',
    'which its browser client uses too, so a browser receives the same bytes as the benchmark client.',
    '',
    table.table(),
  ].join('\n');
}
