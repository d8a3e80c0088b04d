/** Presence and the HTTP API are cluster-wide; a dead node leaves no ghost; Redis outages heal. */
import { describe, expect, it } from 'vitest';
import { presenceAuth } from '../../helpers/auth.js';
import type { ClusterNode } from '../../helpers/cluster.js';
import { RawClient } from '../../helpers/raw-client.js';
import { useRedisCluster } from '../../helpers/fixtures.js';
import { sdkFor } from '../../helpers/rest.js';
import { waitFor } from '../../helpers/wait.js';

const cluster = useRedisCluster();

async function member(node: ClusterNode, userId: string, channel = 'presence-room'): Promise<RawClient> {
  const client = await RawClient.connect(node.wsUrl());
  client.subscribe(channel, presenceAuth(client.socketId, channel, { user_id: userId, user_info: { name: userId } }));
  await client.next('pusher_internal:subscription_succeeded', channel);
  return client;
}


describe('presence across nodes', () => {
  it('lists members of every node, and announces each user once however many sockets and nodes', async () => {
    const nodes = await cluster.start(2, { CHORUS_NODE_TIMEOUT: '3' });
    const [a, b] = nodes as [ClusterNode, ClusterNode];
    const watcher = await member(a, 'watcher');
    const anaOnB = await member(b, 'ana');
    expect((anaOnB.all('pusher_internal:subscription_succeeded')[0]!.parsed as { presence: { ids: string[] } }).presence.ids.sort()).toEqual(['ana', 'watcher']);
    await watcher.next('pusher_internal:member_added');
    const anaOnA = await member(a, 'ana');
    anaOnB.close();
    await anaOnB.waitClosed();
    const sync = await member(b, 'marker');
    await watcher.next('pusher_internal:member_added');
    expect(watcher.all('pusher_internal:member_added').map((f) => (f.parsed as { user_id: string }).user_id)).toEqual(['ana', 'marker']);
    expect(watcher.all('pusher_internal:member_removed')).toHaveLength(0);
    anaOnA.close();
    expect((await watcher.next('pusher_internal:member_removed')).parsed).toEqual({ user_id: 'ana' });
    [watcher, sync].forEach((c) => c.close());
  });

  it('answers the HTTP API for the whole cluster from any node', async () => {
    const nodes = await cluster.start(2, { CHORUS_NODE_TIMEOUT: '3' });
    const [a, b] = nodes as [ClusterNode, ClusterNode];
    const clients = [await member(a, 'u1'), await member(b, 'u2'), await member(b, 'u3')];
    const sdk = sdkFor(a.target);
    expect(await (await sdk.get({ path: '/channels/presence-room/users' })).json()).toEqual({ users: expect.arrayContaining([{ id: 'u1' }, { id: 'u2' }, { id: 'u3' }]) });
    await waitFor(async () => {
      const info = (await (await sdk.get({ path: '/channels/presence-room', params: { info: 'subscription_count,user_count' } })).json()) as Record<string, unknown>;
      return info.subscription_count === 3 && info.user_count === 3 && info.occupied === true;
    }, { what: 'cluster-wide channel info', timeout: 5000 });
    await waitFor(async () => ((await (await sdk.get({ path: '/connections' })).json()) as { connections: number }).connections === 3, { what: 'cluster-wide connections' });
    const list = (await (await sdkFor(b.target).get({ path: '/channels', params: { filter_by_prefix: 'presence-', info: 'user_count' } })).json()) as { channels: Record<string, unknown> };
    expect(list.channels).toEqual({ 'presence-room': { user_count: 3 } });
    clients.forEach((c) => c.close());
  });

  it('removes the members of a node killed without goodbye, announcing member_removed, within the timeout', async () => {
    const nodes = await cluster.start(2, { CHORUS_NODE_TIMEOUT: '3' });
    const [a, b] = nodes as [ClusterNode, ClusterNode];
    const watcher = await member(a, 'watcher');
    await member(b, 'ghost');
    await watcher.next('pusher_internal:member_added');
    const killedAt = Date.now();
    b.child.kill('SIGKILL');
    const removed = await watcher.next('pusher_internal:member_removed', 'presence-room', 30_000);
    expect(removed.parsed).toEqual({ user_id: 'ghost' });
    expect(Date.now() - killedAt).toBeLessThan(30_000);
    expect(await (await sdkFor(a.target).get({ path: '/channels/presence-room/users' })).json()).toEqual({ users: [{ id: 'watcher' }] });
    watcher.close();
  });

  it('keeps serving local clients while Redis is paused, reports degraded, and heals afterwards', async () => {
    const nodes = await cluster.start(2, { CHORUS_NODE_TIMEOUT: '3' });
    const [a, b] = nodes as [ClusterNode, ClusterNode];
    const local1 = await member(a, 'l1', 'presence-local');
    const local2 = await member(a, 'l2', 'presence-local');
    const remote = await member(b, 'r1', 'presence-local');
    cluster.redis.pause();
    try {
      await waitFor(async () => ((await (await fetch(`${a.httpUrl}/up`)).json()) as { status: string }).status === 'degraded', { what: 'degraded status', timeout: 15_000 });
      local1.send({ event: 'client-during', channel: 'presence-local', data: { n: 1 } });
      expect((await local2.next('client-during')).parsed).toEqual({ n: 1 });
    } finally {
      cluster.redis.resume();
    }
    await waitFor(async () => ((await (await fetch(`${a.httpUrl}/up`)).json()) as { status: string }).status === 'ok', { what: 'ok status', timeout: 15_000 });
    await waitFor(async () => {
      local1.send({ event: 'client-after', channel: 'presence-local', data: { n: 2 } });
      return remote.all('client-after').length > 0;
    }, { what: 'cross-node delivery to return', timeout: 15_000, interval: 200 });
  });

  it('restores presence in a restarted Redis without restarting Chorus', async () => {
    const nodes = await cluster.start(2, { CHORUS_NODE_TIMEOUT: '3' });
    const [a, b] = nodes as [ClusterNode, ClusterNode];
    const clients = [await member(a, 'x1'), await member(b, 'x2')];
    await cluster.redis.restart();
    await waitFor(async () => {
      const users = (await (await sdkFor(a.target).get({ path: '/channels/presence-room/users' })).json()) as { users: { id: string }[] };
      return users.users.map((u) => u.id).sort().join() === 'x1,x2';
    }, { what: 'presence to be restored', timeout: 20_000, interval: 200 });
    clients.forEach((c) => c.close());
  });
});
