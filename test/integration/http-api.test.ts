import { afterEach, describe, expect, it } from 'vitest';
import { presenceAuth } from '../helpers/auth.js';
import { RawClient } from '../helpers/raw-client.js';
import { sdkFor, signedFetch } from '../helpers/rest.js';
import { closeAllServers, startServer, type TestServer } from '../helpers/server.js';

afterEach(closeAllServers);

async function subscribed(server: TestServer, channel: string, userId?: string): Promise<RawClient> {
  const client = await RawClient.connect(server.wsUrl());
  client.subscribe(channel, userId === undefined ? {} : presenceAuth(client.socketId, channel, { user_id: userId, user_info: { name: userId } }));
  await client.next('pusher_internal:subscription_succeeded', channel);
  return client;
}

describe('HTTP API through the pusher SDK', () => {
  it('triggers an event on one channel with data delivered as a string', async () => {
    const server = await startServer();
    const client = await subscribed(server, 'orders');
    const response = await sdkFor(server).trigger('orders', 'order.shipped', { id: 7 });
    expect(response.status).toBe(200);
    const got = await client.next('order.shipped', 'orders');
    expect(got.data).toBe('{"id":7}');
    client.close();
  });

  it('triggers on several channels and excludes the given socket_id', async () => {
    const server = await startServer();
    const a = await subscribed(server, 'one');
    const b = await subscribed(server, 'two');
    b.subscribe('one');
    await b.next('pusher_internal:subscription_succeeded', 'one');
    await sdkFor(server).trigger(['one', 'two'], 'hello', 'plain text', { socket_id: b.socketId });
    expect((await a.next('hello', 'one')).data).toBe('plain text');
    b.send({ event: 'pusher:ping', data: {} });
    await b.next('pusher:pong');
    expect(b.all('hello')).toHaveLength(0);
    a.close();
    b.close();
  });

  it('returns channel info when asked', async () => {
    const server = await startServer();
    const a = await subscribed(server, 'presence-room', 'ana');
    const b = await subscribed(server, 'presence-room', 'ana');
    const response = await sdkFor(server).trigger('presence-room', 'x', {}, { info: 'subscription_count,user_count' });
    expect(await response.json()).toEqual({ channels: { 'presence-room': { subscription_count: 2, user_count: 1 } } });
    a.close();
    b.close();
  });

  it('triggers a batch of events in order', async () => {
    const server = await startServer();
    const client = await subscribed(server, 'feed');
    const batch = Array.from({ length: 10 }, (_, i) => ({ channel: 'feed', name: 'item', data: JSON.stringify({ i }) }));
    const response = await sdkFor(server).triggerBatch(batch);
    expect(await response.json()).toEqual({ batch: Array.from({ length: 10 }, () => ({})) });
    for (let i = 0; i < 10; i += 1) expect((await client.next('item')).parsed).toEqual({ i });
    client.close();
  });

  it('lists occupied channels, filtered by prefix, with user counts for presence', async () => {
    const server = await startServer();
    const clients = [await subscribed(server, 'news'), await subscribed(server, 'presence-a', 'u1'), await subscribed(server, 'presence-b', 'u2')];
    const sdk = sdkFor(server);
    expect(await (await sdk.get({ path: '/channels' })).json()).toEqual({ channels: { news: {}, 'presence-a': {}, 'presence-b': {} } });
    const presence = await sdk.get({ path: '/channels', params: { filter_by_prefix: 'presence-', info: 'user_count' } });
    expect(await presence.json()).toEqual({ channels: { 'presence-a': { user_count: 1 }, 'presence-b': { user_count: 1 } } });
    clients.forEach((c) => c.close());
  });

  it('describes one channel: occupied, subscription_count, user_count', async () => {
    const server = await startServer();
    const a = await subscribed(server, 'presence-room', 'ana');
    const b = await subscribed(server, 'presence-room', 'bo');
    const sdk = sdkFor(server);
    const info = await sdk.get({ path: '/channels/presence-room', params: { info: 'subscription_count,user_count' } });
    expect(await info.json()).toEqual({ occupied: true, subscription_count: 2, user_count: 2 });
    expect(await (await sdk.get({ path: '/channels/empty' })).json()).toEqual({ occupied: false });
    a.close();
    b.close();
  });

  it('lists the users of a presence channel', async () => {
    const server = await startServer();
    const a = await subscribed(server, 'presence-room', 'ana');
    const b = await subscribed(server, 'presence-room', 'bo');
    const users = await sdkFor(server).get({ path: '/channels/presence-room/users' });
    expect(await users.json()).toEqual({ users: [{ id: 'ana' }, { id: 'bo' }] });
    a.close();
    b.close();
  });

  it('terminates every connection of a user, leaving others connected', async () => {
    const server = await startServer();
    const ana1 = await subscribed(server, 'presence-room', 'ana');
    const ana2 = await subscribed(server, 'presence-other', 'ana');
    const bo = await subscribed(server, 'presence-room', 'bo');
    await sdkFor(server).terminateUserConnections('ana');
    expect((await ana1.waitClosed()).code).toBe(4009);
    expect((await ana2.waitClosed()).code).toBe(4009);
    expect((await bo.next('pusher_internal:member_removed')).parsed).toEqual({ user_id: 'ana' });
    expect(bo.closed).toBeUndefined();
    bo.close();
  });

  it('counts connections like Reverb (GET /connections)', async () => {
    const server = await startServer();
    const clients = await Promise.all([1, 2, 3].map(() => RawClient.connect(server.wsUrl())));
    expect(await (await sdkFor(server).get({ path: '/connections' })).json()).toEqual({ connections: 3 });
    clients.forEach((c) => c.close());
  });
});

describe('HTTP API refusals', () => {
  it('answers a bad signature with 401', async () => {
    const server = await startServer();
    const result = await signedFetch(server, 'GET', '/channels', { tamper: (q) => q.replace(/auth_signature=[0-9a-f]/, 'auth_signature=z') });
    expect(result.status).toBe(401);
    expect(JSON.stringify(result.body)).toContain('signature');
  });

  it('answers a wrong secret with 401', async () => {
    const server = await startServer();
    const result = await signedFetch(server, 'GET', '/channels', { app: { key: 'test-key', secret: 'guess' } });
    expect(result.status).toBe(401);
  });

  it('answers a stale timestamp with 401', async () => {
    const server = await startServer();
    const result = await signedFetch(server, 'GET', '/channels', { timestamp: Math.floor(Date.now() / 1000) - 601 });
    expect(result.status).toBe(401);
    expect(JSON.stringify(result.body)).toContain('Timestamp');
  });

  it('answers a body that does not match body_md5 with 401', async () => {
    const server = await startServer();
    const result = await signedFetch(server, 'POST', '/events', {
      body: '{"name":"a","channel":"x","data":"1"}',
      tamper: (q) => q.replace(/body_md5=[0-9a-f]+/, 'body_md5=00000000000000000000000000000000'),
    });
    expect(result.status).toBe(401);
  });

  it('answers a malformed body with 400', async () => {
    const server = await startServer();
    expect((await signedFetch(server, 'POST', '/events', { body: '{not json' })).status).toBe(400);
    expect((await signedFetch(server, 'POST', '/events', { body: '{"name":"x"}' })).status).toBe(400);
    expect((await signedFetch(server, 'POST', '/events', { body: '{"name":"x","channel":"bad name!","data":"1"}' })).status).toBe(400);
  });

  it('answers data over 10 KB with 413', async () => {
    const server = await startServer();
    const body = JSON.stringify({ name: 'big', channel: 'c', data: 'x'.repeat(10_241) });
    const result = await signedFetch(server, 'POST', '/events', { body });
    expect(result.status).toBe(413);
    expect(JSON.stringify(result.body)).toContain('10240');
  });

  it('takes events as large as REVERB_MAX_REQUEST_SIZE allows, as Reverb does, and answers larger requests with 413', async () => {
    const server = await startServer({}, {}, { env: { REVERB_MAX_REQUEST_SIZE: '50000' } });
    const client = await subscribed(server, 'reports');
    const sdk = sdkFor(server);
    expect((await sdk.trigger('reports', 'ready', { rows: 'r'.repeat(30_000) })).status).toBe(200);
    expect(JSON.parse((await client.next('ready', 'reports')).data as string).rows).toHaveLength(30_000);
    await expect(sdk.trigger('reports', 'ready', { rows: 'r'.repeat(50_000) })).rejects.toMatchObject({ status: 413 });
    client.close();
  });

  it('answers more than 100 channels, or more than 10 batch events, with 400', async () => {
    const server = await startServer();
    const channels = Array.from({ length: 101 }, (_, i) => `c${i}`);
    expect((await signedFetch(server, 'POST', '/events', { body: JSON.stringify({ name: 'x', channels, data: '1' }) })).status).toBe(400);
    const batch = Array.from({ length: 11 }, () => ({ name: 'x', channel: 'c', data: '1' }));
    expect((await signedFetch(server, 'POST', '/batch_events', { body: JSON.stringify({ batch }) })).status).toBe(400);
  });

  it('publishes nothing from a batch with one invalid event', async () => {
    const server = await startServer();
    const client = await subscribed(server, 'feed');
    const batch = [{ name: 'ok', channel: 'feed', data: '1' }, { name: 'bad', channel: 'bad name!', data: '1' }];
    expect((await signedFetch(server, 'POST', '/batch_events', { body: JSON.stringify({ batch }) })).status).toBe(400);
    await sdkFor(server).trigger('feed', 'marker', '1');
    await client.next('marker');
    expect(client.all('ok')).toHaveLength(0);
    client.close();
  });

  it('answers an unknown app with 404 and an unknown route with 404', async () => {
    const server = await startServer();
    const unknownApp = await fetch(`${server.httpUrl}/apps/nope/channels`);
    expect(unknownApp.status).toBe(404);
    expect((await signedFetch(server, 'GET', '/nothing-here')).status).toBe(404);
  });

  it('answers GET /up with 200 while healthy', async () => {
    const server = await startServer();
    const response = await fetch(`${server.httpUrl}/up`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ healthy: true });
  });
});
