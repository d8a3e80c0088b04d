/** The chorus process under NODE_ENV=production: no development credentials, no demo unless asked, no secret printed. */
import { afterEach, describe, expect, it } from 'vitest';
import { tempSqliteUrl } from '../helpers/config.js';
import { runNode, startNodeProcess, type NodeProcess } from '../helpers/process.js';

const started: NodeProcess[] = [];

afterEach(() => {
  for (const node of started.splice(0)) if (node.child.exitCode === null) node.child.kill('SIGKILL');
});

async function start(env: Record<string, string>): Promise<NodeProcess> {
  const node = await startNodeProcess({ DATABASE_URL: tempSqliteUrl(), ...env });
  started.push(node);
  return node;
}

const statusOf = async (node: NodeProcess, method: string, path: string): Promise<number> =>
  (await fetch(`http://127.0.0.1:${node.port}${path}`, { method, ...(method === 'GET' ? {} : { body: '{}', headers: { 'content-type': 'application/json' } }) })).status;

describe('a production start', () => {
  it('is refused with the development credentials, in one clear line, exit 1', async () => {
    const run = runNode(['start'], { NODE_ENV: 'production', REVERB_APP_ID: '', REVERB_APP_KEY: '', REVERB_APP_SECRET: '' });
    expect((await run.exited()).code).toBe(1);
    expect(run.output().trim().split('\n')).toEqual([
      'Invalid configuration: NODE_ENV=production with the built-in development credentials: set REVERB_APP_ID, REVERB_APP_KEY and REVERB_APP_SECRET',
    ]);
  });

  it('has no demo (sign-in, documents, /broadcasting/auth) unless CHORUS_DEMO=on, and never prints the secret', async () => {
    const off = await start({ NODE_ENV: 'production' });
    for (const [method, path] of [['GET', '/demo/config'], ['POST', '/demo/session'], ['GET', '/demo/documents'], ['POST', '/broadcasting/auth']]) {
      expect(await statusOf(off, method!, path!), `${method} ${path}`).toBe(404);
    }
    expect(await statusOf(off, 'GET', '/up')).toBe(200);
    expect(off.output()).toContain('"msg":"demo app off (CHORUS_DEMO=on turns it on)"');
    const on = await start({ NODE_ENV: 'production', CHORUS_DEMO: 'on' });
    expect(await statusOf(on, 'GET', '/demo/config')).toBe(200);
    for (const node of [off, on]) expect(node.output()).not.toContain('test-secret');
  });

  it('is on for a developer\'s start (no NODE_ENV)', async () => {
    const dev = await start({});
    expect(await statusOf(dev, 'GET', '/demo/config')).toBe(200);
  });
});

describe('database and Redis passwords', () => {
  it('are not printed by a configuration error', async () => {
    const run = runNode(['start'], { DATABASE_URL: 'mysql://chorus:hunter2@db/chorus', REDIS_URL: 'http://:hunter2@cache:6379' });
    expect((await run.exited()).code).toBe(1);
    expect(run.output()).toContain('DATABASE_URL is a mysql: URL, which Chorus cannot use');
    expect(run.output()).not.toContain('hunter2');
  });

  it('are not printed when the database cannot be reached', async () => {
    const node = await start({ DATABASE_URL: 'postgres://chorus:hunter2@127.0.0.1:1/chorus' });
    const signIn = await fetch(`http://127.0.0.1:${node.port}/demo/session`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Ana', color: '#d64545' }),
    });
    const cookie = signIn.headers.get('set-cookie')!.split(';')[0]!;
    const list = await fetch(`http://127.0.0.1:${node.port}/demo/documents`, { headers: { cookie } });
    expect(list.status).toBe(500);
    expect(node.output()).toContain('"msg":"api request failed"');
    expect(node.output()).not.toContain('hunter2');
  });
});
