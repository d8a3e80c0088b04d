/** User authentication on one node: who may use `#` channels, the watchlist limit, and connections that never authorize. */
import { afterEach, describe, expect, it } from 'vitest';
import { hmacHex } from '../../server/auth/signatures.js';
import { privateAuth } from '../helpers/auth.js';
import { RawClient } from '../helpers/raw-client.js';
import { sdkFor, signedFetch } from '../helpers/rest.js';
import { closeAllServers, startServer } from '../helpers/server.js';

afterEach(closeAllServers);

async function signIn(client: RawClient, user: Record<string, unknown>): Promise<void> {
  const userData = JSON.stringify(user);
  client.send({ event: 'pusher:signin', data: { user_data: userData, auth: `test-key:${hmacHex('test-secret', `${client.socketId}::user::${userData}`)}` } });
  await client.next('pusher:signin_success');
}

describe('user channels', () => {
  it('lets a signed-in socket subscribe to its own #server-to-user channel only, and no socket to any other # channel', async () => {
    const server = await startServer();
    const ana = await RawClient.connect(server.wsUrl());
    ana.subscribe('#server-to-user-ana');
    expect((await ana.next('pusher:subscription_error', '#server-to-user-ana')).parsed).toMatchObject({ type: 'AuthError', status: 403 });
    await signIn(ana, { id: 'ana' });
    ana.subscribe('#server-to-user-bob');
    expect((await ana.next('pusher:subscription_error', '#server-to-user-bob')).parsed).toMatchObject({ type: 'AuthError', status: 403 });
    ana.subscribe('#anything');
    expect((await ana.next('pusher:error')).parsed).toMatchObject({ code: 4304 });
    ana.subscribe('#server-to-user-ana');
    await ana.next('pusher_internal:subscription_succeeded', '#server-to-user-ana');
    ana.send({ event: 'client-hi', channel: '#server-to-user-ana', data: {} });
    expect((await ana.next('pusher:error')).parsed).toMatchObject({ code: 4306 });
    await sdkFor(server).sendToUser('ana', 'note', { n: 1 });
    expect((await ana.next('note', '#server-to-user-ana')).parsed).toEqual({ n: 1 });
  });

  it('keeps # channels out of the HTTP API but for sendToUser', async () => {
    const server = await startServer();
    const ana = await RawClient.connect(server.wsUrl());
    await signIn(ana, { id: 'ana' });
    ana.subscribe('#server-to-user-ana');
    await ana.next('pusher_internal:subscription_succeeded');
    const refused = await signedFetch(server, 'POST', '/events', { body: JSON.stringify({ name: 'x', data: '{}', channels: ['#reserved'] }) });
    expect(refused.status).toBe(400);
    const { channels } = (await sdkFor(server).get({ path: '/channels' }).then((r) => r.json())) as { channels: Record<string, unknown> };
    expect(channels).toEqual({});
  });

  it('accepts the first 100 ids of a longer watchlist and says so with 4302', async () => {
    const server = await startServer();
    const client = await RawClient.connect(server.wsUrl());
    const watchlist = Array.from({ length: 101 }, (_, i) => `u${i}`);
    await signIn(client, { id: 'wendy', watchlist });
    const error = (await client.next('pusher:error')).parsed as { code: number; message: string };
    expect(error.code).toBe(4302);
    expect(error.message).toContain('u99');
    expect(error.message).not.toContain('u100');
    const statuses = (await client.next('pusher_internal:watchlist_events')).parsed as { events: { name: string; user_ids: string[] }[] };
    expect(statuses.events).toEqual([{ name: 'offline', user_ids: watchlist.slice(0, 100) }]);
  });

  it('reads a watchlist\'s statuses again only when signing in again changes it', async () => {
    const server = await startServer();
    const client = await RawClient.connect(server.wsUrl());
    await signIn(client, { id: 'wendy', watchlist: ['a'] });
    await client.next('pusher_internal:watchlist_events');
    await signIn(client, { id: 'wendy', watchlist: ['a'] });
    await signIn(client, { id: 'wendy', watchlist: ['b'] });
    expect((await client.next('pusher_internal:watchlist_events')).parsed).toEqual({ events: [{ name: 'offline', user_ids: ['b'] }] });
    expect(client.all('pusher_internal:watchlist_events')).toHaveLength(2);
  });

  it('refuses to sign a connection in as a second user', async () => {
    const server = await startServer();
    const client = await RawClient.connect(server.wsUrl());
    await signIn(client, { id: 'ana' });
    const userData = JSON.stringify({ id: 'bob' });
    client.send({ event: 'pusher:signin', data: { user_data: userData, auth: `test-key:${hmacHex('test-secret', `${client.socketId}::user::${userData}`)}` } });
    expect((await client.next('pusher:error')).parsed).toMatchObject({ code: 4307 });
  });
});

describe('authorized connections (CHORUS_SIGNIN_TIMEOUT)', () => {
  it('closes with 4009 a connection that neither signed in nor subscribed to a private channel in time, and no other', async () => {
    const server = await startServer({}, { signinTimeout: 1 });
    // Opened first, so their time is up first: by the time the idle one is closed, theirs was checked.
    const signedIn = await RawClient.connect(server.wsUrl());
    await signIn(signedIn, { id: 'ana' });
    const subscribed = await RawClient.connect(server.wsUrl());
    subscribed.subscribe('private-x', privateAuth(subscribed.socketId, 'private-x'));
    await subscribed.next('pusher_internal:subscription_succeeded');
    const idle = await RawClient.connect(server.wsUrl());
    idle.subscribe('public-only');
    await idle.next('pusher_internal:subscription_succeeded');
    expect((await idle.next('pusher:error')).parsed).toMatchObject({ code: 4009 });
    expect((await idle.waitClosed()).code).toBe(4009);
    for (const client of [signedIn, subscribed]) {
      client.send({ event: 'pusher:ping', data: {} });
      await client.next('pusher:pong');
      expect(client.closed).toBeUndefined();
    }
  });
});
