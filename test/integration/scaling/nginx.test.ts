/** The nginx configuration from docs/deploy.md, in a real nginx, in front of two nodes and a real Redis. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { disconnectAll, pusherClient } from '../../helpers/clients.js';
import { startCluster, stopCluster, type ClusterNode } from '../../helpers/cluster.js';
import { tempSqliteUrl } from '../../helpers/config.js';
import { docsUpstream, startNginx, type TestNginx } from '../../helpers/nginx.js';
import { startRedis, type TestRedis } from '../../helpers/redis.js';
import { sdkFor } from '../../helpers/rest.js';
import type { TestServer } from '../../helpers/server.js';
import { nextEvent } from '../../helpers/wait.js';

let redis: TestRedis;
let nodes: ClusterNode[] = [];
let nginx: TestNginx;
let proxy: TestServer;

beforeAll(async () => {
  redis = await startRedis();
  nodes = await startCluster(2, { REDIS_URL: redis.url, DATABASE_URL: tempSqliteUrl() });
  nginx = await startNginx(docsUpstream(nodes.map((n) => n.port)));
  proxy = nginx.target;
}, 60_000);

afterAll(async () => {
  disconnectAll();
  nginx?.stop();
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
