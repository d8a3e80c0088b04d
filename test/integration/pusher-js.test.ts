import { describe, expect, it } from 'vitest';
import type { AuthServer } from '../helpers/auth-server.js';
import { useServerAndAuth } from '../helpers/fixtures.js';
import { connected, pusherClient } from '../helpers/clients.js';
import { sdkFor } from '../helpers/rest.js';
import { type TestServer } from '../helpers/server.js';
import { nextEvent, waitFor } from '../helpers/wait.js';

let server: TestServer;
let auth: AuthServer;
useServerAndAuth((s, a) => {
  server = s;
  auth = a;
});

function subscribed(channel: { bind(event: string, cb: (data: unknown) => void): void }): Promise<unknown> {
  return new Promise((resolve, reject) => {
    channel.bind('pusher:subscription_succeeded', resolve);
    channel.bind('pusher:subscription_error', reject);
  });
}

describe('pusher-js against Chorus', () => {
  it('connects and receives server events on a public channel', async () => {
    const client = pusherClient(server);
    const channel = client.subscribe('orders');
    await subscribed(channel);
    const received = nextEvent((cb) => channel.bind('shipped', cb));
    await sdkFor(server).trigger('orders', 'shipped', { id: 1 });
    expect(await received).toEqual({ id: 1 });
  });

  it('authorises private channels through the app endpoint and relays client events', async () => {
    const a = pusherClient(server, auth, { id: 'a' });
    const b = pusherClient(server, auth, { id: 'b' });
    const channelA = a.subscribe('private-chat');
    const channelB = b.subscribe('private-chat');
    await Promise.all([subscribed(channelA), subscribed(channelB)]);
    const received = nextEvent((cb) => channelB.bind('client-message', cb));
    expect(channelA.trigger('client-message', { text: 'hi' })).toBe(true);
    expect(await received).toEqual({ text: 'hi' });
  });

  it('subscribes to a private channel whose authorisation carries channel_data signed with it', async () => {
    const endpoint = `${auth.endpoint({ id: 'ana' })}&private_data=1`;
    const client = pusherClient(server, { ...auth, endpoint: () => endpoint }, { id: 'ana' });
    const channel = client.subscribe('private-with-data');
    await subscribed(channel);
    const received = nextEvent((cb) => channel.bind('note', cb));
    await sdkFor(server).trigger('private-with-data', 'note', { n: 1 });
    expect(await received).toEqual({ n: 1 });
  });

  it('reports a refused authorisation as a subscription error', async () => {
    const client = pusherClient(server);
    await connected(client);
    const channel = client.subscribe('private-secret');
    // No auth endpoint configured: the server refuses the empty signature.
    const error = await new Promise<unknown>((resolve) => channel.bind('pusher:subscription_error', resolve));
    expect(error).toBeTruthy();
    expect(client.connection.state).toBe('connected');
  });

  it('keeps presence members in sync, with metadata user_id on client events', async () => {
    const ana = pusherClient(server, auth, { id: 'ana', name: 'Ana' });
    const roomAna = ana.subscribe('presence-room') as unknown as PresenceLike;
    await subscribed(roomAna);
    const bo = pusherClient(server, auth, { id: 'bo', name: 'Bo' });
    const added = nextEvent<{ id: string; info: { name: string } }>((cb) => roomAna.bind('pusher:member_added', cb));
    const roomBo = bo.subscribe('presence-room') as unknown as PresenceLike;
    await subscribed(roomBo);
    expect((await added).info.name).toBe('Bo');
    expect(roomBo.members.count).toBe(2);
    const whisper = nextEvent<[unknown, { user_id: string }]>((cb) => roomAna.bind('client-wave', (data: unknown, meta: { user_id: string }) => cb([data, meta])));
    roomBo.trigger('client-wave', { hand: 'right' });
    const [data, meta] = await whisper;
    expect(data).toEqual({ hand: 'right' });
    expect(meta.user_id).toBe('bo');
    const removed = nextEvent<{ id: string }>((cb) => roomAna.bind('pusher:member_removed', cb));
    bo.disconnect();
    expect((await removed).id).toBe('bo');
    await waitFor(() => roomAna.members.count === 1, { what: 'member count to drop' });
  });

  it('reconnects by itself after the server asks it to (4200) and resubscribes', async () => {
    const client = pusherClient(server);
    const channel = client.subscribe('orders');
    await subscribed(channel);
    const firstId = client.connection.socket_id;
    for (const connection of server.node.transport.connections) connection.close(4200, 'test');
    await waitFor(() => client.connection.state === 'connected' && client.connection.socket_id !== firstId, { what: 'reconnect' });
    await waitFor(() => server.node.channels.for(server.app.id).find('orders'), { what: 'resubscribe' });
    const received = nextEvent((cb) => channel.bind('after', cb));
    await sdkFor(server).trigger('orders', 'after', { ok: true });
    expect(await received).toEqual({ ok: true });
  });
});

interface PresenceLike {
  bind(event: string, cb: (...args: never[]) => void): void;
  trigger(event: string, data: unknown): boolean;
  members: { count: number };
}
