/**
 * pusher_internal:subscription_count across nodes, with pusher-js's
 * `pusher:subscription_count`: every subscriber hears the cluster's count, at
 * Pusher's pace above 100 subscribers, and nothing on presence channels.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { presenceAuth } from '../../helpers/auth.js';
import { connected, disconnectAll, pusherClient } from '../../helpers/clients.js';
import { useRedisCluster } from '../../helpers/fixtures.js';
import { RawClient } from '../../helpers/raw-client.js';
import { sdkFor } from '../../helpers/rest.js';
import { waitFor } from '../../helpers/wait.js';

const cluster = useRedisCluster();
afterEach(disconnectAll);

async function subscriber(url: string, channel: string): Promise<RawClient> {
  const client = await RawClient.connect(url);
  client.subscribe(channel, channel.startsWith('presence-') ? presenceAuth(client.socketId, channel, { user_id: client.socketId }) : {});
  await client.next('pusher_internal:subscription_succeeded', channel);
  return client;
}

function counts(client: RawClient, channel: string): number[] {
  return client.all('pusher_internal:subscription_count').filter((f) => f.channel === channel)
    .map((f) => (f.parsed as { subscription_count: number }).subscription_count);
}

describe('subscription counts across nodes', () => {
  it('tells every subscriber on every node the cluster-wide count as sockets come and go', async () => {
    const [one, other] = await cluster.start(2, { CHORUS_SUBSCRIPTION_COUNT: 'true' });
    const client = pusherClient(one!.target);
    await connected(client);
    const heard: number[] = [];
    const channel = client.subscribe('room');
    channel.bind('pusher:subscription_count', (data: { subscription_count: number }) => heard.push(data.subscription_count));
    await waitFor(() => heard.at(-1) === 1, { what: 'pusher-js to hear 1' });
    const elsewhere = await subscriber(other!.wsUrl(), 'room');
    await waitFor(() => heard.at(-1) === 2 && counts(elsewhere, 'room').at(-1) === 2, { what: 'both to hear 2' });
    elsewhere.close();
    await waitFor(() => heard.at(-1) === 1, { what: 'pusher-js to hear 1 again' });
    expect((channel as unknown as { subscriptionCount: number }).subscriptionCount).toBe(1);
    // Presence channels have member counts instead: a marker sent after two joins arrives with no count before it.
    const present = await subscriber(one!.wsUrl(), 'presence-room');
    await subscriber(other!.wsUrl(), 'presence-room');
    await sdkFor(one!.target).trigger('presence-room', 'marker', {});
    await present.next('marker', 'presence-room');
    expect(counts(present, 'presence-room')).toEqual([]);
  });

  it('sends fewer counts than changes above 100 subscribers, ending with the exact count', async () => {
    const [one, other] = await cluster.start(2, { CHORUS_SUBSCRIPTION_COUNT: 'true' });
    const crowd = await Promise.all(Array.from({ length: 101 }, (_, i) => subscriber((i % 2 ? one : other)!.wsUrl(), 'stadium')));
    const watcher = crowd[0]!;
    await waitFor(() => counts(watcher, 'stadium').at(-1) === 101, { what: 'the count to reach 101', timeout: 15_000 });
    const before = counts(watcher, 'stadium').length;
    const late = await Promise.all(Array.from({ length: 6 }, () => subscriber(other!.wsUrl(), 'stadium')));
    await waitFor(() => counts(watcher, 'stadium').at(-1) === 107, { what: 'the count to reach 107', timeout: 15_000 });
    expect(counts(watcher, 'stadium').length - before).toBeLessThan(late.length);
    [...crowd, ...late].forEach((c) => c.close());
  });
});
