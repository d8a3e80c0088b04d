import { afterEach, describe, expect, it } from 'vitest';
import { signChannel } from '../../server/auth/signatures.js';
import { presenceAuth, privateAuth } from '../helpers/auth.js';
import { RawClient } from '../helpers/raw-client.js';
import { closeAllServers, startServer, type TestServer } from '../helpers/server.js';

afterEach(closeAllServers);

async function joinPresence(server: TestServer, channel: string, userId: string, info: unknown = { name: userId }): Promise<RawClient> {
  const client = await RawClient.connect(server.wsUrl());
  client.subscribe(channel, presenceAuth(client.socketId, channel, { user_id: userId, user_info: info }));
  await client.next('pusher_internal:subscription_succeeded', channel);
  return client;
}

describe('public and private channels', () => {
  it('subscribes to a public channel without auth and answers with a string data field', async () => {
    const server = await startServer();
    const client = await RawClient.connect(server.wsUrl());
    client.subscribe('news');
    const ok = await client.next('pusher_internal:subscription_succeeded', 'news');
    expect(ok.data).toBe('{}');
    client.close();
  });

  it('subscribes to a private channel with a valid signature', async () => {
    const server = await startServer();
    const client = await RawClient.connect(server.wsUrl());
    client.subscribe('private-room', privateAuth(client.socketId, 'private-room'));
    await client.next('pusher_internal:subscription_succeeded', 'private-room');
    client.close();
  });

  it.each([
    ['no auth', () => ({})],
    ['a signature for another socket', () => privateAuth('1.1', 'private-room')],
    ['a signature made with another secret', (id: string) => privateAuth(id, 'private-room', { key: 'test-key', secret: 'wrong' })],
    ['another app key', (id: string) => privateAuth(id, 'private-room', { key: 'other-key', secret: 'test-secret' })],
    ['a signature for another channel', (id: string) => privateAuth(id, 'private-other')],
  ])('answers a private subscription with %s with an AuthError on that channel and keeps the socket', async (_what, auth) => {
    const server = await startServer();
    const client = await RawClient.connect(server.wsUrl());
    client.subscribe('private-room', auth(client.socketId));
    const error = await client.next('pusher:subscription_error', 'private-room');
    expect(error.parsed).toMatchObject({ type: 'AuthError', status: 401 });
    client.subscribe('public-after');
    await client.next('pusher_internal:subscription_succeeded', 'public-after');
    expect(client.closed).toBeUndefined();
    expect(server.node.channels.for(server.app.id).find('private-room')).toBeUndefined();
    client.close();
  });

  it('verifies the exact channel_data bytes that were signed', async () => {
    const server = await startServer();
    const client = await RawClient.connect(server.wsUrl());
    const signed = presenceAuth(client.socketId, 'presence-room', { user_id: '1', user_info: { name: 'Ana' } });
    const reformatted = JSON.stringify(JSON.parse(signed.channel_data), null, 1);
    client.subscribe('presence-room', { auth: signed.auth, channel_data: reformatted });
    await client.next('pusher:subscription_error', 'presence-room');
    client.close();
  });

  it('checks a private subscription\'s signature over its channel_data when it carries one', async () => {
    const server = await startServer();
    const client = await RawClient.connect(server.wsUrl());
    const channelData = JSON.stringify({ user_id: 'ana' });
    const withoutData = privateAuth(client.socketId, 'private-a').auth;
    client.subscribe('private-a', { auth: withoutData, channel_data: channelData });
    const refused = await client.next('pusher:subscription_error', 'private-a');
    expect((refused.parsed as { error: string }).error).toContain('Invalid signature');
    client.subscribe('private-b', { auth: privateAuth(client.socketId, 'private-b').auth, channel_data: { user_id: 'ana' } });
    const notText = await client.next('pusher:subscription_error', 'private-b');
    expect((notText.parsed as { error: string }).error).toBe('channel_data must be a JSON string');
    client.close();
  });

  it('refuses presence channel_data without a user_id', async () => {
    const server = await startServer();
    const client = await RawClient.connect(server.wsUrl());
    const channelData = JSON.stringify({ user_info: { name: 'nobody' } });
    const auth = signChannel('test-key', 'test-secret', client.socketId, 'presence-room', channelData);
    client.subscribe('presence-room', { auth, channel_data: channelData });
    const error = await client.next('pusher:subscription_error', 'presence-room');
    expect((error.parsed as { error: string }).error).toContain('user_id');
    client.close();
  });

  it('stops delivering after pusher:unsubscribe', async () => {
    const server = await startServer();
    const client = await RawClient.connect(server.wsUrl());
    client.subscribe('news');
    await client.next('pusher_internal:subscription_succeeded', 'news');
    client.send({ event: 'pusher:unsubscribe', data: { channel: 'news' } });
    client.send({ event: 'pusher:ping', data: {} });
    await client.next('pusher:pong');
    expect(server.node.channels.for(server.app.id).find('news')).toBeUndefined();
    client.close();
  });
});

describe('presence channels', () => {
  it('lists a member whose user id is "__proto__" like any other, on a channel of that name', async () => {
    const server = await startServer();
    const first = await joinPresence(server, 'presence-__proto__', '__proto__', { name: 'constructor' });
    const second = await RawClient.connect(server.wsUrl());
    second.subscribe('presence-__proto__', presenceAuth(second.socketId, 'presence-__proto__', { user_id: 'bo' }));
    const joined = await second.next('pusher_internal:subscription_succeeded', 'presence-__proto__');
    const { presence } = JSON.parse(joined.data!) as { presence: { ids: string[]; hash: Record<string, unknown>; count: number } };
    expect(presence.count).toBe(2);
    expect(presence.ids.sort()).toEqual(['__proto__', 'bo']);
    expect(Object.keys(presence.hash).sort()).toEqual(['__proto__', 'bo']);
    expect(Object.getOwnPropertyDescriptor(presence.hash, '__proto__')?.value).toEqual({ name: 'constructor' });
    first.close();
    second.close();
  });

  it('lists current members with ids, hash and count on subscription', async () => {
    const server = await startServer();
    const ana = await joinPresence(server, 'presence-room', 'ana', { name: 'Ana' });
    const bo = await RawClient.connect(server.wsUrl());
    bo.subscribe('presence-room', presenceAuth(bo.socketId, 'presence-room', { user_id: 'bo', user_info: { name: 'Bo' } }));
    const ok = await bo.next('pusher_internal:subscription_succeeded', 'presence-room');
    expect(ok.parsed).toEqual({
      presence: { ids: ['ana', 'bo'], hash: { ana: { name: 'Ana' }, bo: { name: 'Bo' } }, count: 2 },
    });
    ana.close();
    bo.close();
  });

  it('announces member_added to others and member_removed when the member leaves', async () => {
    const server = await startServer();
    const ana = await joinPresence(server, 'presence-room', 'ana');
    const bo = await joinPresence(server, 'presence-room', 'bo', { name: 'Bo' });
    const added = await ana.next('pusher_internal:member_added', 'presence-room');
    expect(added.parsed).toEqual({ user_id: 'bo', user_info: { name: 'Bo' } });
    expect(bo.all('pusher_internal:member_added')).toHaveLength(0);
    bo.close();
    const removed = await ana.next('pusher_internal:member_removed', 'presence-room');
    expect(removed.parsed).toEqual({ user_id: 'bo' });
    ana.close();
  });

  it('counts a user with two sockets as one member, removed only when the last socket goes', async () => {
    const server = await startServer();
    const watcher = await joinPresence(server, 'presence-room', 'watcher');
    const tab1 = await joinPresence(server, 'presence-room', 'ana');
    await watcher.next('pusher_internal:member_added');
    const tab2 = await joinPresence(server, 'presence-room', 'ana');
    expect((tab2.all('pusher_internal:subscription_succeeded')[0]!.parsed as { presence: { count: number } }).presence.count).toBe(2);
    tab1.close();
    await tab1.waitClosed();
    // A marker event proves ordering: anything sent before it would have arrived first.
    watcher.send({ event: 'pusher:ping', data: {} });
    await watcher.next('pusher:pong');
    expect(watcher.all('pusher_internal:member_added')).toHaveLength(1);
    expect(watcher.all('pusher_internal:member_removed')).toHaveLength(0);
    tab2.close();
    const removed = await watcher.next('pusher_internal:member_removed');
    expect(removed.parsed).toEqual({ user_id: 'ana' });
    watcher.close();
  });

  it('accepts numeric user ids as strings', async () => {
    const server = await startServer();
    const client = await RawClient.connect(server.wsUrl());
    client.subscribe('presence-n', presenceAuth(client.socketId, 'presence-n', { user_id: 42 }));
    const ok = await client.next('pusher_internal:subscription_succeeded');
    expect((ok.parsed as { presence: { ids: string[] } }).presence.ids).toEqual(['42']);
    client.close();
  });

  it('refuses members over the limit and user_info over its size limit', async () => {
    const server = await startServer({}, { maxPresenceMembers: 2, maxUserInfoBytes: 64 });
    const a = await joinPresence(server, 'presence-full', 'a');
    const b = await joinPresence(server, 'presence-full', 'b');
    const c = await RawClient.connect(server.wsUrl());
    c.subscribe('presence-full', presenceAuth(c.socketId, 'presence-full', { user_id: 'c' }));
    expect((await c.next('pusher:subscription_error')).parsed).toMatchObject({ type: 'LimitReached', status: 403 });
    const again = await joinPresence(server, 'presence-full', 'a');
    expect(again.all('pusher_internal:subscription_succeeded')).toHaveLength(1);
    c.subscribe('presence-big', presenceAuth(c.socketId, 'presence-big', { user_id: 'c', user_info: { bio: 'x'.repeat(100) } }));
    expect((await c.next('pusher:subscription_error', 'presence-big')).parsed).toMatchObject({ type: 'LimitReached' });
    [a, b, c, again].forEach((x) => x.close());
  });
});
