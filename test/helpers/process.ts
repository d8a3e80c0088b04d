/** Runs a Chorus node as its own process (source through tsx), as `npm start` would. */
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { OPENING_CREATES, TEST_APP } from './config.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
/** tsx by location, so a node may run in any working directory (its .env's folder). */
const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

export interface RunOptions {
  /** Working directory, where the node reads .env; the repository by default. */
  readonly cwd?: string;
  /** Whether the test app's credentials are set in the environment (true by default). */
  readonly testApp?: boolean;
  /** Port to listen on (startNodeProcess); a free one by default. */
  readonly port?: number;
}

export interface NodeProcess {
  readonly child: ChildProcess;
  readonly port: number;
  readonly output: () => string;
  exited(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function runNode(args: string[], env: Record<string, string> = {}, options: RunOptions = {}): { child: ChildProcess; output: () => string; exited: NodeProcess['exited'] } {
  const credentials = options.testApp === false ? {} : { REVERB_APP_ID: TEST_APP.id, REVERB_APP_KEY: TEST_APP.key, REVERB_APP_SECRET: TEST_APP.secret };
  const child = spawn(process.execPath, ['--import', tsx, join(root, 'server/main.ts'), ...args], {
    cwd: options.cwd ?? root,
    env: { PATH: process.env.PATH ?? '', ...credentials, CHORUS_LOG_FORMAT: 'json', ...OPENING_CREATES, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('exit', (code, signal) => resolve({ code, signal }));
  });
  return { child, output: () => output, exited: () => exit };
}

/** Starts a node (on a random port unless told) and resolves once it logs where it listens. */
export async function startNodeProcess(env: Record<string, string> = {}, args: string[] = [], options: RunOptions = {}): Promise<NodeProcess> {
  const run = runNode(['start', '--host', '127.0.0.1', '--port', String(options.port ?? 0), ...args], env, options);
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`node did not start:\n${run.output()}`)), 20_000);
    const check = (): void => {
      const match = /"url":"https?:\/\/127\.0\.0\.1:(\d+)/.exec(run.output());
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    };
    run.child.stdout?.on('data', check);
    void run.exited().then(() => reject(new Error(`node exited before listening:\n${run.output()}`)));
  });
  return { ...run, port };
}
