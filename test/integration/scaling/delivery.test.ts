/** Events and client events cross nodes through Redis: nothing lost, nothing duplicated, in order per sender. */
import { afterEach, describe, expect, it } from 'vitest';
import { privateAuth } from '../../helpers/auth.js';
import { startCluster, stopCluster, type ClusterNode } from '../../helpers/cluster.js';
import { tempSqliteUrl } from '../../helpers/config.js';
import { RawClient } from '../../helpers/raw-client.js';
import { useRedis } from '../../helpers/fixtures.js';
import type { TestRedis } from '../../helpers/redis.js';
import { sdkFor } from '../../helpers/rest.js';
import { waitFor } from '../../helpers/wait.js';

let redis: TestRedis;
let nodes: ClusterNode[] = [];

useRedis((r) => {
  redis = r;
});
afterEach(() => {
  stopCluster(nodes);
  nodes = [];
});

async function subscriber(node: ClusterNode, channel: string): Promise<RawClient> {
  const client = await RawClient.connect(node.wsUrl());
  client.subscribe(channel, channel.startsWith('private-') ? privateAuth(client.socketId, channel) : {});
  await client.next('pusher_internal:subscription_succeeded', channel);
  return client;
}

describe('delivery across nodes', () => {
  it('delivers 10,000 events sent round robin through 3 nodes to every subscriber on every node, in order per sender', async () => {
    // The API's request budget is off: this measures delivery, and sends as fast as the nodes answer.
    nodes = await startCluster(3, { REDIS_URL: redis.url, DATABASE_URL: tempSqliteUrl(), CHORUS_API_RATE: '0' });
    const subscribers = await Promise.all(nodes.map((node) => subscriber(node, 'feed')));
    const total = 10_000;
    // One sequential stream per node; batches of 10 (Pusher's limit), numbered globally.
    await Promise.all(nodes.map(async (node, n) => {
      const sdk = sdkFor(node.target);
      for (let start = n * 10; start < total; start += 30) {
        const batch = Array.from({ length: Math.min(10, total - start) }, (_, i) => ({ channel: 'feed', name: 'seq', data: JSON.stringify({ seq: start + i, via: n }) }));
        await sdk.triggerBatch(batch);
      }
    }));
    await waitFor(() => subscribers.every((s) => s.all('seq').length >= total), { what: 'every event everywhere', timeout: 60_000 });
    for (const client of subscribers) {
      const events = client.all('seq').map((f) => f.parsed as { seq: number; via: number });
      expect(events).toHaveLength(total);
      expect(new Set(events.map((e) => e.seq)).size).toBe(total);
      for (let via = 0; via < 3; via += 1) {
        const fromNode = events.filter((e) => e.via === via).map((e) => e.seq);
        expect(fromNode).toEqual([...fromNode].sort((a, b) => a - b));
      }
    }
    subscribers.forEach((s) => s.close());
  });

  it('relays client events to members on other nodes and never back to the sender', async () => {
    nodes = await startCluster(2, { REDIS_URL: redis.url, DATABASE_URL: tempSqliteUrl() });
    const a = await subscriber(nodes[0]!, 'private-chat');
    const b = await subscriber(nodes[1]!, 'private-chat');
    a.send({ event: 'client-hello', channel: 'private-chat', data: { from: 'a' } });
    expect((await b.next('client-hello')).parsed).toEqual({ from: 'a' });
    b.send({ event: 'client-hello', channel: 'private-chat', data: { from: 'b' } });
    expect((await a.next('client-hello')).parsed).toEqual({ from: 'b' });
    expect(a.all('client-hello').map((f) => f.parsed)).toEqual([{ from: 'b' }]);
    a.close();
    b.close();
  });

  it('subscribes a node to a channel\'s Redis traffic only while it has subscribers there', async () => {
    nodes = await startCluster(2, { REDIS_URL: redis.url, DATABASE_URL: tempSqliteUrl() });
    const probe = redis.client();
    const topic = 'chorus:app:test-app:ch:only-here';
    const listeners = async () => ((await probe.pubsub('NUMSUB', topic)) as [string, number])[1];
    expect(await listeners()).toBe(0);
    const client = await subscriber(nodes[0]!, 'only-here');
    await waitFor(async () => (await listeners()) === 1, { what: 'one node subscribed' });
    client.close();
    await waitFor(async () => (await listeners()) === 0, { what: 'the node to unsubscribe' });
  });

  it('terminates a user\'s connections on every node', async () => {
    nodes = await startCluster(2, { REDIS_URL: redis.url, DATABASE_URL: tempSqliteUrl() });
    const { presenceAuth } = await import('../../helpers/auth.js');
    const onA = await RawClient.connect(nodes[0]!.wsUrl());
    const onB = await RawClient.connect(nodes[1]!.wsUrl());
    for (const client of [onA, onB]) {
      client.subscribe('presence-x', presenceAuth(client.socketId, 'presence-x', { user_id: 'ana' }));
      await client.next('pusher_internal:subscription_succeeded');
    }
    await sdkFor(nodes[0]!.target).terminateUserConnections('ana');
    expect((await onA.waitClosed()).code).toBe(4009);
    expect((await onB.waitClosed()).code).toBe(4009);
  });
});
