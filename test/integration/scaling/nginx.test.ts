/** The nginx configuration from docs/deploy.md, in a real nginx, in front of two nodes and a real Redis. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { disconnectAll, pusherClient } from '../../helpers/clients.js';
import { startCluster, stopCluster, type ClusterNode } from '../../helpers/cluster.js';
import { tempSqliteUrl } from '../../helpers/config.js';
import { freePort } from '../../helpers/postgres.js';
import { startRedis, type TestRedis } from '../../helpers/redis.js';
import { sdkFor } from '../../helpers/rest.js';
import type { TestServer } from '../../helpers/server.js';
import { nextEvent, waitFor } from '../../helpers/wait.js';

let redis: TestRedis;
let nodes: ClusterNode[] = [];
let nginx: ChildProcess;
let proxy: TestServer;

/** The `location` block exactly as docs/deploy.md gives it. */
function docsLocation(): string {
  const markdown = readFileSync(new URL('../../../docs/deploy.md', import.meta.url), 'utf8');
  const block = /```nginx chorus-location\n([\s\S]*?)```/.exec(markdown)?.[1];
  if (!block) throw new Error('docs/deploy.md has no chorus-location block');
  return block;
}

beforeAll(async () => {
  redis = await startRedis();
  nodes = await startCluster(2, { REDIS_URL: redis.url, DATABASE_URL: tempSqliteUrl() });
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'chorus-nginx-'));
  writeFileSync(join(dir, 'nginx.conf'), `
daemon off;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${dir}/body; proxy_temp_path ${dir}/proxy; fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi; scgi_temp_path ${dir}/scgi;
  upstream chorus { ${nodes.map((n) => `server 127.0.0.1:${n.port};`).join(' ')} }
  map $http_upgrade $connection_upgrade { default upgrade; '' close; }
  server {
    listen 127.0.0.1:${port};
${docsLocation()}
  }
}`);
  nginx = spawn('nginx', ['-c', join(dir, 'nginx.conf'), '-p', dir], { stdio: 'ignore' });
  proxy = { host: '127.0.0.1', port, httpUrl: `http://127.0.0.1:${port}` } as TestServer;
  await waitFor(async () => (await fetch(`${proxy.httpUrl}/up`).catch(() => undefined))?.status === 200, { what: 'nginx to proxy /up', timeout: 10_000 });
}, 60_000);

afterAll(async () => {
  disconnectAll();
  nginx?.kill('SIGTERM');
  stopCluster(nodes);
  await redis.stop();
});

describe('behind nginx', () => {
  it('spreads pusher-js clients over both nodes and delivers SDK events to all of them', async () => {
    const clients = Array.from({ length: 6 }, () => pusherClient(proxy));
    const channels = clients.map((client) => client.subscribe('orders'));
    await Promise.all(channels.map((channel) => new Promise((resolve) => channel.bind('pusher:subscription_succeeded', resolve))));
    const nodesUsed = await Promise.all(nodes.map(async (n) => ((await (await fetch(`${n.httpUrl}/up`)).json()) as { connections: number }).connections));
    expect(nodesUsed.every((count) => count > 0)).toBe(true);
    const received = Promise.all(channels.map((channel) => nextEvent((cb) => channel.bind('shipped', cb))));
    await sdkFor(proxy).trigger('orders', 'shipped', { id: 42 });
    expect(await received).toEqual(Array.from({ length: 6 }, () => ({ id: 42 })));
  });
});
