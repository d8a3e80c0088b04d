/** Starts a Chorus node as its own process for benchmarks, and reads its memory from /proc. */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

export const BENCH_APP = { id: 'bench', key: 'bench-key', secret: 'bench-secret' } as const;

export interface BenchNode {
  readonly port: number;
  readonly pid: number;
  rssBytes(): number;
  stop(): Promise<void>;
}

/** How nodes start: from the TypeScript sources (tests), or from the build as `npm start` runs them. */
let entry = ['--import', 'tsx', 'server/main.ts'];

/**
 * Benchmarks measure the build (`npm run bench` makes it first): no
 * TypeScript loader in the node's memory, start-up or profiles.
 */
export function startNodesFromBuild(): void {
  entry = ['dist/server/main.js'];
}

/**
 * Starts a node; `port` 0 picks a free one (give the same port again to restart a node in place).
 * `nodeArgs` go to node itself (e.g. `--cpu-prof`); stop() ends it with SIGTERM, so it exits
 * through its own shutdown and node writes any profile it was asked for.
 */
export async function startBenchNode(env: Record<string, string> = {}, port = 0, nodeArgs: string[] = []): Promise<BenchNode> {
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, ...entry, 'start', '--host', '127.0.0.1', '--port', String(port)], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? '',
      REVERB_APP_ID: BENCH_APP.id,
      REVERB_APP_KEY: BENCH_APP.key,
      REVERB_APP_SECRET: BENCH_APP.secret,
      REVERB_APP_RATE_LIMITING_ENABLED: 'false',
      CHORUS_MAX_FRAMES_PER_SECOND: '0',
      CHORUS_API_RATE: '0',
      REVERB_APP_MAX_PRESENCE_MEMBERS: '20000',
      CHORUS_LOG_FORMAT: 'json',
      CHORUS_SHUTDOWN_TIMEOUT: '2',
      CHORUS_DOC_CREATE_ON_OPEN: 'true', // the benchmarks open documents by made-up ids
      ...env,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  const listening = await new Promise<number>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /"url":"http:\/\/127\.0\.0\.1:(\d+)/.exec(output);
      if (match) resolve(Number(match[1]));
    });
    child.once('exit', () => reject(new Error(`bench node exited:\n${output}`)));
  });
  return {
    port: listening,
    pid: child.pid ?? 0,
    rssBytes: () => rssOf(child.pid ?? 0),
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb * 1024;
}
