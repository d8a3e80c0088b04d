/**
 * The three document servers compared in one run, each in its own process,
 * each driven by its own real client: Chorus (pusher-js + PusherYjsProvider),
 * y-websocket's server (y-websocket's WebsocketProvider) and Hocuspocus
 * (HocuspocusProvider).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import { createRequire } from 'node:module';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import type { Awareness } from 'y-protocols/awareness';
import type * as Y from 'yjs';
import { PusherYjsProvider } from '../../client/collab/provider.js';
import type { PusherLike } from '../../client/collab/pusher-types.js';
import { signChannel } from '../../server/auth/signatures.js';
import { freePort } from '../../test/helpers/postgres.js';
import { BENCH_APP, rssOf, startBenchNode } from './node-process.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

export interface RunningServer {
  readonly port: number;
  readonly pid: number;
  stop(): Promise<void>;
}

export interface PeerClient {
  readonly awareness: Awareness;
  destroy(): void;
}

export interface StartOptions {
  /** Chorus only: write a V8 CPU profile of the node into this folder (peers ignore it). */
  readonly profileDir?: string;
  /** Chorus only: keep documents in this folder, so a later start finds them stored (peers keep nothing). */
  readonly dataDir?: string;
}

export interface Peer {
  readonly name: string;
  /** The path a client opens its WebSocket on (for raw probes). */
  readonly wsPath: string;
  start(options?: StartOptions): Promise<RunningServer>;
  /** Connects a client for `docName` to `doc`; resolves once it is synced. */
  connect(port: number, docName: string, doc: Y.Doc): Promise<PeerClient>;
}

type PusherConstructor = new (key: string, options: object) => PusherLike & { disconnect(): void };
/**
 * pusher-js's worker build on ws, as the other two clients here run on ws: its Node build brings
 * faye-websocket, a JavaScript frame parser no browser uses (browsers run the web build on their
 * own WebSocket). The worker build is the web build's code without the DOM; it needs `self` and a
 * global WebSocket, which Node 20 lacks.
 */
const Pusher = ((): PusherConstructor => {
  const global = globalThis as { self?: unknown; WebSocket?: unknown };
  global.self ??= globalThis;
  global.WebSocket ??= WebSocket;
  return createRequire(import.meta.url)('pusher-js/dist/worker/pusher.worker.js') as PusherConstructor;
})();

export const chorus: Peer = {
  name: 'Chorus',
  wsPath: `/app/${BENCH_APP.key}?protocol=7&client=js&version=8.4.0&flash=false`,
  async start(options = {}) {
    const dir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'chorus-bench-'));
    const nodeArgs = options.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.profileDir}`] : [];
    const node = await startBenchNode({ DATABASE_URL: `sqlite:${join(dir, 'bench.db')}`, CHORUS_DOC_EVENT_RATE: '1000', CHORUS_DOC_CREATE_RATE: '1000000' }, 0, nodeArgs);
    return { port: node.port, pid: node.pid, stop: () => node.stop() };
  },
  async connect(port, docName, doc) {
    let n = 0;
    const pusher = new Pusher(BENCH_APP.key, {
      cluster: '', wsHost: '127.0.0.1', wsPort: port, forceTLS: false, enabledTransports: ['ws'], disableStats: true,
      channelAuthorization: {
        // Signed here rather than over HTTP: the benchmark measures the document server, not an auth endpoint.
        customHandler: ({ socketId, channelName }: { socketId: string; channelName: string }, callback: (e: null, a: object) => void) => {
          const channelData = JSON.stringify({ user_id: `u${process.pid}-${n++}-${Math.random()}`, user_info: { name: 'bench', role: 'editor' } });
          callback(null, { auth: signChannel(BENCH_APP.key, BENCH_APP.secret, socketId, channelName, channelData), channel_data: channelData });
        },
      },
    });
    const provider = new PusherYjsProvider({ pusher, docId: docName, doc });
    await until((done) => provider.on('sync', (synced: boolean) => synced && done()), () => provider.synced);
    return { awareness: provider.awareness, destroy: () => { provider.destroy(); pusher.disconnect(); } };
  },
};

export const yWebsocket: Peer = {
  name: 'y-websocket server',
  wsPath: '/probe',
  start: () => startScript('node_modules/@y/websocket-server/src/server.js', /running at/),
  async connect(port, docName, doc) {
    const provider = new WebsocketProvider(`ws://127.0.0.1:${port}`, docName, doc, { WebSocketPolyfill: WebSocket as never, disableBc: true });
    await until((done) => provider.on('sync', (synced: boolean) => synced && done()), () => provider.synced);
    return { awareness: provider.awareness, destroy: () => provider.destroy() };
  },
};

export const hocuspocus: Peer = {
  name: 'Hocuspocus',
  wsPath: '/',
  start: () => startScript('bench/peers/hocuspocus-server.mjs', /listening/),
  async connect(port, docName, doc) {
    const websocketProvider = new HocuspocusProviderWebsocket({ url: `ws://127.0.0.1:${port}`, WebSocketPolyfill: WebSocket as never });
    const provider = new HocuspocusProvider({ websocketProvider, name: docName, document: doc });
    provider.attach();
    await until((done) => provider.on('synced', () => done()), () => provider.isSynced);
    return { awareness: provider.awareness!, destroy: () => { provider.destroy(); websocketProvider.destroy(); } };
  },
};

export const PEERS: readonly Peer[] = [chorus, yWebsocket, hocuspocus];

/** Starts a server script of bench/peers on a free port; ready once it prints `ready`. */
export async function startScript(script: string, ready: RegExp, args: string[] = []): Promise<RunningServer> {
  const port = await freePort();
  const child = spawn(process.execPath, [script, ...args], { cwd: root, env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: String(port) }, stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (ready.test(out)) resolve();
    });
    child.once('exit', () => reject(new Error(`${script} exited: ${out}`)));
  });
  return {
    port,
    pid: child.pid ?? 0,
    stop: () => new Promise((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    }),
  };
}

/** Resolves when `subscribe`'s callback fires or `check` is already true; gives up after 60 s. */
function until(subscribe: (done: () => void) => void, check: () => boolean): Promise<void> {
  return new Promise((resolve, reject) => {
    if (check()) return resolve();
    const timer = setTimeout(() => reject(new Error('client did not sync within 60 s')), 60_000);
    subscribe(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}

export { rssOf };
