/**
 * Webhooks computed from the cluster's state: one channel_occupied /
 * channel_vacated per channel and one member_added / member_removed per user
 * for the whole cluster, one cache_miss for many subscribers, a client back
 * within the grace on another node reported not at all, and a dead node's
 * channels and members reported by the node that reaps it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { presenceAuth } from '../../helpers/auth.js';
import type { ClusterNode } from '../../helpers/cluster.js';
import { useRedisCluster } from '../../helpers/fixtures.js';
import { RawClient } from '../../helpers/raw-client.js';
import { named, startWebhookReceiver, type WebhookReceiver } from '../../helpers/webhook-receiver.js';

const cluster = useRedisCluster();
let hooks: WebhookReceiver;

afterEach(async () => {
  await hooks.close();
});

async function start(count: number, env: Record<string, string> = {}): Promise<ClusterNode[]> {
  hooks = await startWebhookReceiver();
  return cluster.start(count, { CHORUS_WEBHOOK_URL: hooks.url, CHORUS_WEBHOOK_BATCH_MS: '50', ...env });
}

async function join(node: ClusterNode, channel: string, userId?: string): Promise<RawClient> {
  const client = await RawClient.connect(node.wsUrl());
  client.subscribe(channel, userId === undefined ? {} : presenceAuth(client.socketId, channel, { user_id: userId }));
  await client.next('pusher_internal:subscription_succeeded', channel);
  return client;
}

/** Events each node sends after the ones it sent before: once this marker channel is reported by both, earlier ones are in. */
async function markers(nodes: ClusterNode[]): Promise<void> {
  await Promise.all(nodes.map(async (node, i) => {
    await join(node, `marker-${i}`);
    await hooks.waitForEvent((e) => e.name === 'channel_occupied' && e.channel === `marker-${i}`, `marker ${i}`);
  }));
}

describe('webhooks across nodes', () => {
  it('reports a channel occupied and vacated once for the cluster, and each user added and removed once', async () => {
    const nodes = await start(2, { CHORUS_WEBHOOK_GRACE_MS: '300' });
    const sockets = [await join(nodes[0]!, 'presence-room', 'ana'), await join(nodes[1]!, 'presence-room', 'ana'), await join(nodes[1]!, 'presence-room', 'bob')];
    await hooks.waitForEvent((e) => e.name === 'member_added' && e.user_id === 'bob', 'bob added');
    sockets.forEach((s) => s.close());
    await hooks.waitForEvent((e) => e.name === 'channel_vacated', 'the vacancy');
    await markers(nodes);
    const room = hooks.events().filter((e) => e.channel === 'presence-room');
    expect(named(room, 'channel_occupied')).toHaveLength(1);
    expect(named(room, 'channel_vacated')).toHaveLength(1);
    expect(named(room, 'member_added').map((e) => e.user_id).sort()).toEqual(['ana', 'bob']);
    expect(named(room, 'member_removed').map((e) => e.user_id).sort()).toEqual(['ana', 'bob']);
    expect(hooks.attempts.every((r) => r.valid)).toBe(true);
  });

  it('reports nothing for a client that comes back on another node within the grace', async () => {
    const nodes = await start(2, { CHORUS_WEBHOOK_GRACE_MS: '3000' });
    const first = await join(nodes[0]!, 'presence-room', 'ana');
    await hooks.waitForEvent((e) => e.name === 'member_added', 'ana added');
    first.close();
    await first.waitClosed();
    await join(nodes[1]!, 'presence-room', 'ana');
    await markers(nodes);
    // Both nodes' grace checks are over once a departure a moment later has been reported.
    const later = await join(nodes[0]!, 'presence-room', 'later');
    later.close();
    await hooks.waitForEvent((e) => e.name === 'member_removed' && e.user_id === 'later', 'the later departure');
    const ana = hooks.events().filter((e) => e.user_id === 'ana' || e.name.startsWith('channel_') && e.channel === 'presence-room');
    expect(ana.map((e) => e.name)).toEqual(['channel_occupied', 'member_added']);
  });

  it('sends one cache_miss for subscribers of an empty cache channel on every node', async () => {
    const nodes = await start(2, { CHORUS_WEBHOOK_EVENTS: 'cache_miss,channel_occupied' });
    for (const node of [...nodes, ...nodes]) await (await join(node, 'cache-empty')).next('pusher:cache_miss');
    await markers(nodes);
    expect(named(hooks.events(), 'cache_miss')).toEqual([{ name: 'cache_miss', channel: 'cache-empty' }]);
  });

  it('reports the channels and members of a node that died, from the node that reaps it', async () => {
    const [survivor, doomed] = await start(2, { CHORUS_NODE_TIMEOUT: '2', CHORUS_WEBHOOK_GRACE_MS: '300' });
    await join(survivor!, 'presence-room', 'ana');
    await join(doomed!, 'presence-room', 'bob');
    await join(doomed!, 'only-there');
    await hooks.waitForEvent((e) => e.name === 'channel_occupied' && e.channel === 'only-there', 'only-there occupied');
    await hooks.waitForEvent((e) => e.name === 'member_added' && e.user_id === 'bob', 'bob added');
    doomed!.child.kill('SIGKILL');
    await hooks.waitForEvent((e) => e.name === 'member_removed' && e.user_id === 'bob', 'bob removed by the reaper');
    await hooks.waitForEvent((e) => e.name === 'channel_vacated' && e.channel === 'only-there', 'only-there vacated by the reaper');
    await markers([survivor!]);
    // ana is still there, on the survivor.
    expect(named(hooks.events(), 'channel_vacated', 'presence-room')).toEqual([]);
    expect(named(hooks.events(), 'member_removed').map((e) => e.user_id)).toEqual(['bob']);
  });
});
