/**
 * User authentication across nodes, with the real pusher-js (signin(),
 * user.bind, user.watchlist) and the real `pusher` SDK (sendToUser,
 * terminateUserConnections): events reach a user wherever they are signed
 * in, and online / offline is decided once for the cluster.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startAuthServer, type AuthServer } from '../../helpers/auth-server.js';
import { disconnectAll, signedInClient } from '../../helpers/clients.js';
import type { ClusterNode } from '../../helpers/cluster.js';
import { useRedisCluster } from '../../helpers/fixtures.js';
import { hmacHex } from '../../../server/auth/signatures.js';
import { RawClient } from '../../helpers/raw-client.js';
import { sdkFor } from '../../helpers/rest.js';
import { nextEvent, waitFor } from '../../helpers/wait.js';

const redisCluster = useRedisCluster();
let nodes: ClusterNode[] = [];
let auths: AuthServer[] = [];

afterEach(async () => {
  disconnectAll();
  await Promise.all(auths.map((a) => a.close()));
  auths = [];
});

async function cluster(count: number): Promise<AuthServer[]> {
  nodes = await redisCluster.start(count);
  auths = await Promise.all(nodes.map((node) => startAuthServer(node.target)));
  return auths;
}

describe('users across nodes', () => {
  it('delivers sendToUser to every connection the user signed in with, on every node, and to nobody else', async () => {
    const [authA, authB] = await cluster(2);
    const anaHere = await signedInClient(nodes[0]!.target, authA!, { id: 'ana' });
    const anaThere = await signedInClient(nodes[1]!.target, authB!, { id: 'ana' });
    const bob = await signedInClient(nodes[0]!.target, authA!, { id: 'bob' });
    const received = [anaHere, anaThere].map(({ client }) => nextEvent((cb) => client.user.bind('note', cb)));
    const bobHeard: unknown[] = [];
    bob.client.user.bind('note', (data: unknown) => bobHeard.push(data));
    const bobsOwn = nextEvent((cb) => bob.client.user.bind('marker', cb));
    await sdkFor(nodes[1]!.target).sendToUser('ana', 'note', { text: 'for ana' });
    expect(await Promise.all(received)).toEqual([{ text: 'for ana' }, { text: 'for ana' }]);
    // Sent after ana's note by the same node: once bob has this, he would have had hers.
    await sdkFor(nodes[1]!.target).sendToUser('bob', 'marker', {});
    await bobsOwn;
    expect(bobHeard).toEqual([]);
  });

  it('tells a watchlist who is online when it signs in, then each user\'s first sign-in and last sign-out anywhere', async () => {
    const [authA, authB] = await cluster(2);
    const carl = await signedInClient(nodes[1]!.target, authB!, { id: 'carl' });
    const watcher = await signedInClient(nodes[0]!.target, authA!, { id: 'wendy', watchlist: ['bob', 'carl'] });
    await waitFor(() => watcher.watchlist.length >= 2, { what: 'the first statuses' });
    expect(watcher.watchlist).toEqual([{ name: 'online', user_ids: ['carl'] }, { name: 'offline', user_ids: ['bob'] }]);
    const bobOnOne = await signedInClient(nodes[1]!.target, authB!, { id: 'bob' });
    await waitFor(() => watcher.watchlist.length >= 3, { what: 'bob online' });
    const bobOnOther = await signedInClient(nodes[0]!.target, authA!, { id: 'bob' });
    bobOnOne.client.disconnect();
    carl.client.disconnect();
    await waitFor(() => watcher.watchlist.some((e) => e.name === 'offline' && e.user_ids.includes('carl')), { what: 'carl offline' });
    bobOnOther.client.disconnect();
    await waitFor(() => watcher.watchlist.filter((e) => e.user_ids.includes('bob')).length >= 3, { what: 'bob offline' });
    // bob's second connection was no news, nor was closing his first: online once, offline once.
    expect(watcher.watchlist.slice(2)).toEqual([
      { name: 'online', user_ids: ['bob'] },
      { name: 'offline', user_ids: ['carl'] },
      { name: 'offline', user_ids: ['bob'] },
    ]);
  });

  it('tells watchers a user went offline when the node holding their only connection dies', async () => {
    nodes = await redisCluster.start(2, { CHORUS_NODE_TIMEOUT: '2' });
    auths = await Promise.all(nodes.map((node) => startAuthServer(node.target)));
    await signedInClient(nodes[1]!.target, auths[1]!, { id: 'gone' });
    const watcher = await signedInClient(nodes[0]!.target, auths[0]!, { id: 'wendy', watchlist: ['gone'] });
    await waitFor(() => watcher.watchlist.length >= 1, { what: 'the first status' });
    expect(watcher.watchlist).toEqual([{ name: 'online', user_ids: ['gone'] }]);
    nodes[1]!.child.kill('SIGKILL');
    await waitFor(() => watcher.watchlist.length >= 2, { what: 'the reaper\'s offline', timeout: 15_000 });
    expect(watcher.watchlist[1]).toEqual({ name: 'offline', user_ids: ['gone'] });
  });

  it('terminates a signed-in user\'s connections on every node', async () => {
    await cluster(2);
    const sockets = await Promise.all(nodes.map(async (node) => {
      const client = await RawClient.connect(node.wsUrl());
      const userData = JSON.stringify({ id: 'dora' });
      client.send({ event: 'pusher:signin', data: { user_data: userData, auth: `test-key:${hmacHex('test-secret', `${client.socketId}::user::${userData}`)}` } });
      await client.next('pusher:signin_success');
      return client;
    }));
    await sdkFor(nodes[0]!.target).terminateUserConnections('dora');
    for (const socket of sockets) expect((await socket.waitClosed()).code).toBe(4009);
  });
});
