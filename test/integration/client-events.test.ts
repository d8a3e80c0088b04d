import { afterEach, describe, expect, it } from 'vitest';
import { presenceAuth, privateAuth } from '../helpers/auth.js';
import { RawClient } from '../helpers/raw-client.js';
import { closeAllServers, startServer, type TestServer } from '../helpers/server.js';

afterEach(closeAllServers);

async function privatePair(server: TestServer, channel = 'private-chat'): Promise<[RawClient, RawClient]> {
  const clients = await Promise.all([RawClient.connect(server.wsUrl()), RawClient.connect(server.wsUrl())]);
  for (const client of clients) {
    client.subscribe(channel, privateAuth(client.socketId, channel));
    await client.next('pusher_internal:subscription_succeeded', channel);
  }
  return clients as [RawClient, RawClient];
}

/** A round trip through the server: every frame sent before it has been handled. */
async function flush(client: RawClient): Promise<void> {
  client.send({ event: 'pusher:ping', data: {} });
  await client.next('pusher:pong');
}

describe('client events', () => {
  it('relays to the other subscribers, never back to the sender, with data as a string', async () => {
    const server = await startServer();
    const [a, b] = await privatePair(server);
    a.send({ event: 'client-typing', channel: 'private-chat', data: { typing: true } });
    const got = await b.next('client-typing', 'private-chat');
    expect(got.data).toBe('{"typing":true}');
    expect(got.user_id).toBeUndefined();
    await flush(a);
    expect(a.all('client-typing')).toHaveLength(0);
    a.close();
    b.close();
  });

  it('accepts data sent as a JSON string and relays it unchanged', async () => {
    const server = await startServer();
    const [a, b] = await privatePair(server);
    a.send({ event: 'client-note', channel: 'private-chat', data: '{"n":1}' });
    expect((await b.next('client-note')).data).toBe('{"n":1}');
    a.close();
    b.close();
  });

  it('stamps user_id on presence channels', async () => {
    const server = await startServer();
    const clients = await Promise.all([RawClient.connect(server.wsUrl()), RawClient.connect(server.wsUrl())]);
    for (const [i, client] of clients.entries()) {
      client.subscribe('presence-doc', presenceAuth(client.socketId, 'presence-doc', { user_id: `u${i}` }));
      await client.next('pusher_internal:subscription_succeeded');
    }
    clients[0]!.send({ event: 'client-cursor', channel: 'presence-doc', data: { x: 1, user_id: 'forged' } });
    const got = await clients[1]!.next('client-cursor');
    expect(got.user_id).toBe('u0');
    clients.forEach((c) => c.close());
  });

  it.each([
    ['a public channel', 'news', 'only allowed on private and presence'],
    ['an encrypted channel', 'private-encrypted-x', 'only allowed on private and presence'],
    ['a channel the socket has not joined', 'private-elsewhere', 'Not subscribed'],
  ])('refuses client events on %s', async (_what, channel, message) => {
    const server = await startServer();
    const [a, b] = await privatePair(server);
    if (channel === 'news') {
      a.subscribe('news');
      b.subscribe('news');
      await b.next('pusher_internal:subscription_succeeded', 'news');
    }
    a.send({ event: 'client-x', channel, data: {} });
    const error = await a.next('pusher:error');
    expect(error.parsed).toMatchObject({ code: 4306 });
    expect((error.parsed as { message: string }).message).toContain(message);
    await flush(b);
    expect(b.all('client-x')).toHaveLength(0);
    expect(a.closed).toBeUndefined();
    a.close();
    b.close();
  });

  it('limits each socket to its client-event window with error 4301 and keeps the connection', async () => {
    const server = await startServer({}, { rateLimiting: { enabled: true, maxAttempts: 5, decaySeconds: 60, terminate: false } });
    const [a, b] = await privatePair(server);
    for (let i = 0; i < 20; i += 1) a.send({ event: 'client-burst', channel: 'private-chat', data: { i } });
    const error = await a.next('pusher:error');
    expect(error.parsed).toMatchObject({ code: 4301 });
    await flush(a);
    await flush(b);
    expect(b.all('client-burst')).toHaveLength(5);
    expect(a.closed).toBeUndefined();
    a.close();
    b.close();
  });

  it('refuses every client event when the app accepts them from none', async () => {
    const server = await startServer({}, { acceptClientEventsFrom: 'none' });
    const [a, b] = await privatePair(server);
    a.send({ event: 'client-x', channel: 'private-chat', data: {} });
    expect((await a.next('pusher:error')).parsed).toMatchObject({ code: 4306 });
    a.close();
    b.close();
  });

  it('lets any socket send to a private channel when the app accepts client events from all', async () => {
    const server = await startServer({}, { acceptClientEventsFrom: 'all' });
    const [a, b] = await privatePair(server);
    const outsider = await RawClient.connect(server.wsUrl());
    outsider.send({ event: 'client-hello', channel: 'private-chat', data: { from: 'outside' } });
    expect((await a.next('client-hello')).parsed).toEqual({ from: 'outside' });
    expect((await b.next('client-hello')).parsed).toEqual({ from: 'outside' });
    [a, b, outsider].forEach((c) => c.close());
  });
});
