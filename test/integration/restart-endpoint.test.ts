/**
 * A node's side of a restart: POST /restart only from its own machine and
 * signed, /ready, and the drain itself (new sockets refused, the rest asked
 * to reconnect over the window, or at once when hurried).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { signRestQuery } from '../../server/auth/rest.js';
import { makeConfig, TEST_APP } from '../helpers/config.js';
import { RawClient } from '../helpers/raw-client.js';
import { closeAllServers, startServer, type TestServer } from '../helpers/server.js';

const OTHER_APP = { id: 'other-app', key: 'other-key', secret: 'other-secret' };

afterEach(async () => {
  await closeAllServers();
});

async function postRestart(server: TestServer, headers: Record<string, string> = {}, app: { key: string; secret: string } = TEST_APP): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${server.httpUrl}/restart?${signRestQuery('POST', '/restart', app)}`, { method: 'POST', headers });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function status(server: TestServer, path: string): Promise<number> {
  return (await fetch(`${server.httpUrl}${path}`)).status;
}

describe('POST /restart', () => {
  it('restarts only when signed with the first app\'s credentials and sent straight from the node\'s machine', async () => {
    let restarts = 0;
    const app = makeConfig().apps[0]!;
    const server = await startServer({ apps: [app, { ...app, ...OTHER_APP }], restartSpreadMs: 1500 }, {}, { onRestart: () => (restarts += 1) });
    expect((await fetch(`${server.httpUrl}/restart`, { method: 'POST' })).status).toBe(401);
    expect((await postRestart(server, {}, { key: TEST_APP.key, secret: 'wrong' })).status).toBe(401);
    expect((await postRestart(server, {}, OTHER_APP)).status).toBe(401);
    for (const header of ['x-forwarded-for', 'x-real-ip', 'forwarded']) {
      expect((await postRestart(server, { [header]: '203.0.113.9' })).status).toBe(403);
    }
    expect(restarts).toBe(0);
    const accepted = await postRestart(server);
    expect(accepted).toEqual({ status: 202, body: { restarting: true, node: expect.any(String), spread_ms: 1500 } });
    expect(restarts).toBe(1);
  });

  it('is refused by a node that cannot restart itself', async () => {
    const server = await startServer();
    expect(await postRestart(server)).toMatchObject({ status: 501 });
  });
});

describe('draining', () => {
  // Windows no test waits out: the drain is still under way whenever the test looks.
  it('answers 503 on /ready and /up and refuses new sockets, while plain HTTP is still served', async () => {
    const server = await startServer();
    const clients = await Promise.all([1, 2].map(() => RawClient.connect(server.wsUrl())));
    expect(await status(server, '/ready')).toBe(200);
    const done = server.node.shutdown({ spreadMs: 600_000 });
    expect((await clients[0]!.waitClosed()).code).toBe(4200);
    expect(await status(server, '/ready')).toBe(503);
    expect(await status(server, '/up')).toBe(503);
    await expect(RawClient.open(server.wsUrl())).rejects.toThrow(/503/);
    void server.node.shutdown();
    await done;
  });

  it('asks the remaining clients at once when shut down again during the spread', async () => {
    const server = await startServer();
    const clients = await Promise.all([1, 2, 3].map(() => RawClient.connect(server.wsUrl())));
    const done = server.node.shutdown({ spreadMs: 600_000 });
    expect((await clients[0]!.waitClosed()).code).toBe(4200);
    expect(clients[1]!.closed).toBeUndefined();
    void server.node.shutdown();
    for (const client of clients.slice(1)) expect((await client.waitClosed()).code).toBe(4200);
    await done;
  });
});
