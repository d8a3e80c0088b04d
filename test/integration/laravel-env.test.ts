/**
 * Chorus started in a Laravel app's folder reads the app's own .env: Reverb's
 * variables, Laravel's Redis settings, and refuses what it cannot use. Driven
 * by pusher-js and the `pusher` SDK against node processes.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startAuthServer, type AuthServer } from '../helpers/auth-server.js';
import { disconnectAll, pusherOptions, track } from '../helpers/clients.js';
import { tempSqliteUrl } from '../helpers/config.js';
import { runNode, startNodeProcess, type NodeProcess } from '../helpers/process.js';
import { Pusher } from '../helpers/pusher-js.js';
import { startRedis, type TestRedis } from '../helpers/redis.js';
import { sdkFor } from '../helpers/rest.js';
import type { TestServer } from '../helpers/server.js';
import { nextEvent } from '../helpers/wait.js';

const nodes: NodeProcess[] = [];
let auth: AuthServer | undefined;
let redis: TestRedis | undefined;

afterEach(async () => {
  disconnectAll();
  for (const node of nodes.splice(0)) if (node.child.exitCode === null) node.child.kill('SIGKILL');
  await auth?.close();
  await redis?.stop();
  auth = undefined;
  redis = undefined;
});

/** A folder holding `.env` with these lines, as a Laravel app's root holds its own. */
function appFolder(lines: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'chorus-laravel-'));
  writeFileSync(join(dir, '.env'), `${lines.join('\n')}\n`);
  return dir;
}

/** What `php artisan install:broadcasting` leaves in a fresh app's .env, plus Laravel's own lines. */
const LARAVEL_ENV = [
  'APP_NAME=Laravel',
  'APP_ENV=local',
  'DB_CONNECTION=sqlite',
  '',
  'BROADCAST_CONNECTION=reverb',
  'REDIS_CLIENT=phpredis',
  'REDIS_HOST=127.0.0.1',
  'REDIS_PASSWORD=null',
  'REDIS_PORT=6379',
  '',
  'REVERB_APP_ID=laravel-app',
  'REVERB_APP_KEY=key-from-file',
  'REVERB_APP_SECRET="secret-from-file"',
  'REVERB_HOST="localhost"',
  'REVERB_PORT=8080',
  'REVERB_SCHEME=http',
  '',
  'VITE_REVERB_APP_KEY="${REVERB_APP_KEY}"',
];

const at = (node: NodeProcess): TestServer => ({ host: '127.0.0.1', port: node.port }) as TestServer;

function subscribed(channel: ReturnType<Pusher['subscribe']>): Promise<unknown> {
  return new Promise((resolve, reject) => {
    channel.bind('pusher:subscription_succeeded', resolve);
    channel.bind('pusher:subscription_error', reject);
  });
}

describe('a Laravel app\'s .env', () => {
  it('is read from the working directory, with real environment variables winning over it', async () => {
    const dir = appFolder([...LARAVEL_ENV, '# whispers are not for this app', 'REVERB_APP_ACCEPT_CLIENT_EVENTS_FROM=none   # members, all or none']);
    const node = await startNodeProcess({ REVERB_APP_KEY: 'key-from-env' }, [], { cwd: dir, testApp: false });
    nodes.push(node);
    const app = { id: 'laravel-app', key: 'key-from-env', secret: 'secret-from-file' };
    auth = await startAuthServer(at(node), app);
    const client = track(new Pusher(app.key, pusherOptions(at(node), auth, { id: 'ana' })));
    const inbox = client.subscribe('private-inbox');
    await subscribed(inbox);

    const received = nextEvent((cb) => inbox.bind('note', cb));
    await sdkFor(at(node), app).trigger('private-inbox', 'note', { from: 'laravel' });
    expect(await received).toEqual({ from: 'laravel' });

    const refused = nextEvent<{ code: number }>((cb) => client.bind('pusher:error', cb));
    inbox.trigger('client-typing', {});
    expect((await refused).code).toBe(4306);
  });

  it('joins a cluster through Laravel\'s REDIS_HOST, _PORT, _USERNAME, _PASSWORD and _DB, under REVERB_SCALING_CHANNEL', async () => {
    redis = await startRedis({ name: 'laravel', password: 'p@ss:word/1' });
    const dir = appFolder([
      ...LARAVEL_ENV.filter((line) => !line.startsWith('REDIS_') && !line.startsWith('REVERB_APP_')),
      'REVERB_SCALING_ENABLED=true',
      'REVERB_SCALING_CHANNEL=laravel-prod',
      'REDIS_HOST=127.0.0.1',
      `REDIS_PORT=${redis.port}`,
      'REDIS_USERNAME=laravel',
      'REDIS_PASSWORD="p@ss:word/1"',
      'REDIS_DB=3',
    ]);
    const [a, b] = await Promise.all(['a', 'b'].map((name) => startNodeProcess({ CHORUS_NODE_ID: `node-${name}`, DATABASE_URL: tempSqliteUrl() }, [], { cwd: dir })));
    nodes.push(a!, b!);
    const client = track(new Pusher('test-key', pusherOptions(at(a!))));
    const orders = client.subscribe('orders');
    await subscribed(orders);
    const received = nextEvent((cb) => orders.bind('shipped', cb));
    await sdkFor(at(b!)).trigger('orders', 'shipped', { via: 'b' });
    expect(await received).toEqual({ via: 'b' });

    const store = redis.client();
    await store.select(3);
    const keys = await store.keys('*');
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.filter((key) => !key.startsWith('laravel-prod:'))).toEqual([]);
    await store.select(0);
    expect(await store.dbsize()).toBe(0);
  });

  it('refuses a Laravel mysql:// DATABASE_URL at start in one line that says what Chorus takes, without the password', async () => {
    const dir = appFolder([...LARAVEL_ENV, 'DATABASE_URL=mysql://forge:Sup3rSecret@127.0.0.1:3306/forge']);
    const run = runNode(['start', '--port', '0'], {}, { cwd: dir });
    expect((await run.exited()).code).toBe(1);
    const lines = run.output().trim().split('\n');
    expect(lines).toEqual([expect.stringMatching(/^Invalid configuration: DATABASE_URL is a mysql: URL, which Chorus cannot use: .*sqlite:<path>.*postgres:\/\//)]);
    expect(run.output()).not.toContain('Sup3rSecret');
  });
});
