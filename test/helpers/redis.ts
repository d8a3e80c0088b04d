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

/** An ACL user that alone may use the server (the default user is then off), as a managed Redis has. */
export interface RedisUser {
  readonly name: string;
  readonly password: string;
}

export async function startRedis(user?: RedisUser): Promise<TestRedis> {
  const port = await freePort();
  const url = user
    ? `redis://${encodeURIComponent(user.name)}:${encodeURIComponent(user.password)}@127.0.0.1:${port}`
    : `redis://127.0.0.1:${port}`;
  const launch = (): Promise<ChildProcess> => launchServer(port, url, user);
  let child = await launch();
  const clients: Redis[] = [];
  return {
    url,
    port,
    client: () => {
      const client = new Redis(url, { maxRetriesPerRequest: 1 });
      client.on('error', () => undefined); // while a test has redis-server down
      clients.push(client);
      return client;
    },
    pause: () => child.kill('SIGSTOP'),
    resume: () => child.kill('SIGCONT'),
    kill: () => kill(child),
    start: async () => {
      child = await launch();
    },
    restart: async () => {
      await kill(child);
      child = await launch();
    },
    stop: async () => {
      clients.forEach((c) => c.disconnect());
      await kill(child);
    },
  };
}

async function launchServer(port: number, url: string, user: RedisUser | undefined): Promise<ChildProcess> {
  const acl = user ? ['--user', 'default', 'off', '--user', user.name, 'on', `>${user.password}`, '~*', '&*', '+@all'] : [];
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', ...acl], { stdio: 'ignore' });
  const probe = new Redis(url, { maxRetriesPerRequest: 0, retryStrategy: () => 50, lazyConnect: true });
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
