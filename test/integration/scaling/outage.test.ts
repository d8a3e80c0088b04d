/**
 * Redis trouble never hangs a socket and never leaves presence wrong. With
 * redis-server paused (SIGSTOP) or killed and started again on the same port,
 * subscriptions made meanwhile complete and pings are answered; afterwards
 * every pusher-js client's member list is exact, and each was told so by the
 * member_added / member_removed events that make it so.
 */
import type { PresenceChannel } from 'pusher-js';
import { afterEach, describe, expect, it } from 'vitest';
import { startAuthServer, type AuthServer } from '../../helpers/auth-server.js';
import { disconnectAll, pusherOptions, track } from '../../helpers/clients.js';
import { startCluster, stopCluster, type ClusterNode } from '../../helpers/cluster.js';
import { TEST_APP, tempSqliteUrl } from '../../helpers/config.js';
import { useRedis } from '../../helpers/fixtures.js';
import { Pusher } from '../../helpers/pusher-js.js';
import type { TestRedis } from '../../helpers/redis.js';
import { sdkFor } from '../../helpers/rest.js';
import { nextEvent, waitFor } from '../../helpers/wait.js';

const ROOM = 'presence-room';
/** Long enough that a loaded machine never sees a node as gone while Redis comes back. */
const env = (): Record<string, string> => ({ REDIS_URL: redis.url, DATABASE_URL: tempSqliteUrl(), CHORUS_NODE_TIMEOUT: '10' });

let redis: TestRedis;
let nodes: ClusterNode[] = [];
let auth: AuthServer | undefined;
/** Set while a test has Redis down, so a failing test still leaves it running for the next. */
let bringBack: (() => void | Promise<void>) | undefined;

useRedis((r) => {
  redis = r;
});
afterEach(async () => {
  disconnectAll();
  await auth?.close();
  stopCluster(nodes);
  nodes = [];
  await bringBack?.();
  bringBack = undefined;
  await redis.client().flushall();
});

interface Member {
  readonly user: string;
  readonly client: Pusher;
  /** The members pusher-js lists for the room when it was subscribed. */
  readonly initial: string[];
  /** member_added / member_removed received after subscription_succeeded and `forgetTold`, per user: '+' or '-' each. */
  told(): Record<string, string>;
  forgetTold(): void;
  /** The members pusher-js lists for the room now. */
  ids(): string[];
}

/**
 * A pusher-js client of `user` in the room on `node`. Its authorizer asks the
 * stand-in /broadcasting/auth and then runs `afterSubscribe`, whose frames
 * pusher-js therefore sends right behind pusher:subscribe.
 */
async function join(node: ClusterNode, user: string, afterSubscribe?: (client: Pusher) => void): Promise<Member> {
  const client: Pusher = track(new Pusher(TEST_APP.key, {
    ...pusherOptions(node.target),
    channelAuthorization: {
      customHandler: ({ socketId, channelName }, callback) => {
        void signed(user, socketId, channelName).then((data) => {
          callback(null, data);
          afterSubscribe?.(client);
        }, (error: Error) => callback(error, null));
      },
    },
  }));
  const channel = client.subscribe(ROOM) as PresenceChannel;
  const told: [string, string][] = [];
  let subscribed = false;
  client.connection.bind('message', (message: { event: string; channel?: string; data: { user_id?: string } }) => {
    if (message.channel !== ROOM) return;
    if (message.event === 'pusher_internal:subscription_succeeded') subscribed = true;
    if (!subscribed) return;
    if (message.event === 'pusher_internal:member_added') told.push([String(message.data.user_id), '+']);
    if (message.event === 'pusher_internal:member_removed') told.push([String(message.data.user_id), '-']);
  });
  await nextEvent((resolve) => channel.bind('pusher:subscription_succeeded', resolve), 15_000);
  const ids = (): string[] => Object.keys(channel.members.members as Record<string, unknown>).sort();
  return {
    user, client, initial: ids(), ids,
    forgetTold: () => {
      told.length = 0;
    },
    told: () => {
      const byUser: Record<string, string> = {};
      for (const [id, sign] of told) byUser[id] = (byUser[id] ?? '') + sign;
      return byUser;
    },
  };
}

async function signed(user: string, socketId: string, channel: string): Promise<{ auth: string; channel_data?: string }> {
  const response = await fetch(auth!.endpoint({ id: user }), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ socket_id: socketId, channel_name: channel }),
  });
  return (await response.json()) as { auth: string; channel_data?: string };
}

/** Subscribes to a channel new to the node and pings, both right behind the room's pusher:subscribe. */
function subscribeAndPing(fresh: string, answered: { pong?: Promise<unknown>; subscribed?: Promise<unknown> }): (client: Pusher) => void {
  return (client) => {
    answered.subscribed = nextEvent((resolve) => client.subscribe(fresh).bind('pusher:subscription_succeeded', resolve), 15_000);
    answered.pong = nextEvent((resolve) => client.bind('pusher:pong', resolve), 15_000);
    client.send_event('pusher:ping', {});
  };
}

async function channelInfo(node: ClusterNode): Promise<{ users: string[]; user_count: unknown; subscription_count: unknown; connections: unknown }> {
  const sdk = sdkFor(node.target);
  const users = ((await (await sdk.get({ path: `/channels/${ROOM}/users` })).json()) as { users: { id: string }[] }).users.map((u) => u.id).sort();
  const info = (await (await sdk.get({ path: `/channels/${ROOM}`, params: { info: 'user_count,subscription_count' } })).json()) as Record<string, unknown>;
  const { connections } = (await (await sdk.get({ path: '/connections' })).json()) as { connections: unknown };
  return { users, user_count: info.user_count, subscription_count: info.subscription_count, connections };
}

const outages = [
  { name: 'paused (SIGSTOP)', begin: () => redis.pause(), end: () => redis.resume() },
  { name: 'killed, then started again on the same port', begin: () => redis.kill(), end: () => redis.start() },
];

describe.each(outages)('while redis-server is $name', (outage) => {
  it('confirms subscriptions and answers pings; afterwards every member list is exact, told by member_added and member_removed', async () => {
    nodes = await startCluster(2, env());
    const [a, b] = nodes as [ClusterNode, ClusterNode];
    auth = await startAuthServer(a.target);
    const wa = await join(a, 'wa');
    const leaveA = await join(a, 'leave-a');
    const multiOnA = await join(a, 'multi');
    const wb = await join(b, 'wb');
    const leaveB = await join(b, 'leave-b');
    const multiOnB = await join(b, 'multi');
    const before = ['leave-a', 'leave-b', 'multi', 'wa', 'wb'];
    for (const m of [wa, leaveA, multiOnA, wb, leaveB, multiOnB]) {
      await waitFor(() => m.ids().join() === before.join(), { what: `${m.user}'s list before` });
      m.forgetTold();
    }

    await outage.begin();
    bringBack = outage.end;
    const onA: { pong?: Promise<unknown>; subscribed?: Promise<unknown> } = {};
    const onB: typeof onA = {};
    const joinA = await join(a, 'join-a', subscribeAndPing('fresh-a', onA));
    const joinB = await join(b, 'join-b', subscribeAndPing('fresh-b', onB));
    await Promise.all([onA.pong, onA.subscribed, onB.pong, onB.subscribed]);
    expect(joinA.initial).toEqual([...before, 'join-a'].sort());
    expect(joinB.initial).toEqual([...before, 'join-b'].sort());
    for (const m of [leaveA, leaveB, multiOnA]) m.client.disconnect();
    // Each node tells its own clients at once what it saw itself.
    await waitFor(() => wa.ids().join() === 'join-a,leave-b,wa,wb', { what: 'node A to tell its clients of its own joins and leaves', timeout: 15_000 });
    await waitFor(() => wb.ids().join() === 'join-b,leave-a,multi,wa,wb', { what: 'node B to tell its clients of its own joins and leaves', timeout: 15_000 });

    await outage.end();
    bringBack = undefined;
    const after = ['join-a', 'join-b', 'multi', 'wa', 'wb'];
    const remaining = [wa, multiOnB, wb, joinA, joinB];
    for (const m of remaining) await waitFor(() => m.ids().join() === after.join(), { what: `${m.user}'s list after`, timeout: 30_000, interval: 50 });

    // multi left node A, which could only guess it was gone everywhere; it is back once Redis says otherwise.
    expect(wa.told()).toEqual({ 'join-a': '+', 'leave-a': '-', multi: '-+', 'leave-b': '-', 'join-b': '+' });
    expect(joinA.told()).toEqual({ 'leave-a': '-', multi: '-+', 'leave-b': '-', 'join-b': '+' });
    for (const m of [wb, multiOnB]) expect(m.told()).toEqual({ 'join-b': '+', 'leave-b': '-', 'leave-a': '-', 'join-a': '+' });
    expect(joinB.told()).toEqual({ 'leave-b': '-', 'leave-a': '-', 'join-a': '+' });

    for (const node of nodes) {
      await waitFor(async () => {
        const info = await channelInfo(node);
        expect(info).toEqual({ users: after, user_count: 5, subscription_count: 5, connections: 5 });
        return true;
      }, { what: 'the HTTP API to answer for the whole cluster', timeout: 15_000, interval: 200 });
    }
  }, 90_000);
});
