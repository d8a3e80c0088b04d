/** A real redis-server on a free loopback port, for the multi-node tests. */
import { spawn, type ChildProcess } from 'node:child_process';
import { Redis } from 'ioredis';
import { freePort } from './postgres.js';

export interface TestRedis {
  readonly url: string;
  readonly port: number;
  client(): Redis;
  pause(): void;
  resume(): void;
  /** Kills redis-server (its data is gone); `start` brings up an empty one on the same port. */
  kill(): Promise<void>;
  start(): Promise<void>;
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export async function startRedis(): Promise<TestRedis> {
  const port = await freePort();
  let child = await launch(port);
  const clients: Redis[] = [];
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    client: () => {
      const client = new Redis(`redis://127.0.0.1:${port}`, { maxRetriesPerRequest: 1 });
      client.on('error', () => undefined); // while a test has redis-server down
      clients.push(client);
      return client;
    },
    pause: () => child.kill('SIGSTOP'),
    resume: () => child.kill('SIGCONT'),
    kill: () => kill(child),
    start: async () => {
      child = await launch(port);
    },
    restart: async () => {
      await kill(child);
      child = await launch(port);
    },
    stop: async () => {
      clients.forEach((c) => c.disconnect());
      await kill(child);
    },
  };
}

async function launch(port: number): Promise<ChildProcess> {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  const probe = new Redis(`redis://127.0.0.1:${port}`, { maxRetriesPerRequest: 0, retryStrategy: () => 50, lazyConnect: true });
  probe.on('error', () => undefined); // refused until the server is up
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      await probe.connect();
      await probe.ping();
      probe.disconnect();
      return child;
    } catch {
      if (Date.now() > deadline) throw new Error('redis-server did not start');
      probe.disconnect();
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

function kill(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGCONT');
    child.kill('SIGKILL');
  });
}
