/** Runs test/helpers/pusher-js-child.ts, trusting a test certificate, and reads what it reports. */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

export interface PusherJsProcess {
  /** Resolves with the first line (already printed or still to come) that `matches`. */
  next(matches: (line: Record<string, unknown>) => boolean, timeout?: number): Promise<Record<string, unknown>>;
  stop(): void;
}

export function startPusherJsOverTls(options: { port: number; key: string; channels: string[]; authEndpoint: string; caFile: string }): PusherJsProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/helpers/pusher-js-child.ts'], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? '',
      NODE_EXTRA_CA_CERTS: options.caFile,
      CHORUS_PORT: String(options.port),
      CHORUS_KEY: options.key,
      CHANNELS: options.channels.join(','),
      AUTH_ENDPOINT: options.authEndpoint,
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const lines: Record<string, unknown>[] = [];
  const waiters = new Set<() => void>();
  let output = '';
  let buffered = '';
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stdout.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const complete = buffered.split('\n');
    buffered = complete.pop() ?? '';
    for (const text of complete) if (text.trim()) lines.push(JSON.parse(text) as Record<string, unknown>);
    for (const wake of waiters) wake();
  });
  return {
    next: (matches, timeout = 15_000) =>
      new Promise((resolve, reject) => {
        const check = (): void => {
          const found = lines.find(matches);
          if (!found) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(found);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`pusher-js did not report it; it said:\n${lines.map((l) => JSON.stringify(l)).join('\n')}\n${output}`));
        }, timeout);
        waiters.add(check);
        check();
      }),
    stop: () => child.stdin.end(),
  };
}
