/** Cache channels on one node: the last event for new subscribers, misses, TTL, the budget and the HTTP API's info=cache. */
import { afterEach, describe, expect, it } from 'vitest';
import { presenceAuth, privateAuth } from '../helpers/auth.js';
import { connected, disconnectAll, pusherClient } from '../helpers/clients.js';
import { RawClient, type ReceivedFrame } from '../helpers/raw-client.js';
import { sdkFor, signedFetch } from '../helpers/rest.js';
import { closeAllServers, startServer, type TestServer } from '../helpers/server.js';
import { nextEvent, waitFor } from '../helpers/wait.js';

afterEach(async () => {
  disconnectAll();
  await closeAllServers();
});

async function subscribe(server: TestServer, channel: string): Promise<RawClient> {
  const client = await RawClient.connect(server.wsUrl());
  const auth = channel.startsWith('presence-') ? presenceAuth(client.socketId, channel, { user_id: 'u1' })
    : channel.startsWith('private-') ? privateAuth(client.socketId, channel) : {};
  client.subscribe(channel, auth);
  await client.next('pusher_internal:subscription_succeeded', channel);
  return client;
}

/** The frames of a channel after subscription_succeeded, up to and including `until`. */
async function afterSubscription(client: RawClient, channel: string, until: string): Promise<ReceivedFrame[]> {
  await client.next(until, channel);
  const frames = client.frames.filter((f) => f.channel === channel);
  return frames.slice(frames.findIndex((f) => f.event === 'pusher_internal:subscription_succeeded') + 1);
}

async function cacheInfo(server: TestServer, channel: string): Promise<{ status: number; body: unknown }> {
  return signedFetch(server, 'GET', `/channels/${channel}`, { params: { info: 'cache' } });
}

describe('cache channels', () => {
  it.each(['cache-scores', 'private-cache-scores', 'presence-cache-scores'])('sends %s\'s last event first thing after subscription_succeeded', async (channel) => {
    const server = await startServer();
    const sdk = sdkFor(server);
    await sdk.trigger(channel, 'score', { home: 1 });
    await sdk.trigger(channel, 'score', { home: 2 });
    const client = await subscribe(server, channel);
    const frames = await afterSubscription(client, channel, 'score');
    expect(frames.map((f) => [f.event, f.parsed])).toEqual([['score', { home: 2 }]]);
  });

  it('sends pusher:cache_miss when nothing is cached, which pusher-js hands to channel.bind', async () => {
    const server = await startServer();
    const client = pusherClient(server);
    await connected(client);
    const channel = client.subscribe('cache-empty');
    await nextEvent((cb) => channel.bind('pusher:cache_miss', cb));
    const cached = nextEvent((cb) => pusherClient(server).subscribe('cache-empty').bind('later', cb));
    await sdkFor(server).trigger('cache-empty', 'later', { n: 1 });
    expect(await cached).toEqual({ n: 1 });
  });

  it('keeps client events out of the cache', async () => {
    const server = await startServer();
    const sender = await subscribe(server, 'private-cache-chat');
    const listener = await subscribe(server, 'private-cache-chat');
    sender.send({ event: 'client-typing', channel: 'private-cache-chat', data: {} });
    await listener.next('client-typing', 'private-cache-chat');
    const newcomer = await RawClient.connect(server.wsUrl());
    newcomer.subscribe('private-cache-chat', privateAuth(newcomer.socketId, 'private-cache-chat'));
    expect((await afterSubscription(newcomer, 'private-cache-chat', 'pusher:cache_miss')).map((f) => f.event)).toEqual(['pusher:cache_miss']);
  });

  it('answers info=cache with the data and its TTL in seconds, null when empty, 400 elsewhere', async () => {
    const server = await startServer();
    expect(await cacheInfo(server, 'cache-x')).toEqual({ status: 200, body: { occupied: false, cache: null } });
    await sdkFor(server).trigger('cache-x', 'ev', { a: 1 });
    const { body } = await cacheInfo(server, 'cache-x');
    expect(body).toMatchObject({ occupied: false, cache: { data: '{"a":1}' } });
    const { ttl } = (body as { cache: { ttl: number } }).cache;
    expect(ttl).toBeGreaterThan(1790);
    expect(ttl).toBeLessThanOrEqual(1800);
    expect((await cacheInfo(server, 'plain')).status).toBe(400);
    expect((await signedFetch(server, 'GET', '/channels', { params: { info: 'cache' } })).status).toBe(400);
  });

  it('forgets the last event after CHORUS_CACHE_TTL', async () => {
    const server = await startServer({ cache: { ttlSeconds: 1, maxChannels: 10 } });
    await sdkFor(server).trigger('cache-brief', 'ev', {});
    expect((await cacheInfo(server, 'cache-brief')).body).toMatchObject({ cache: { ttl: 1 } });
    await waitFor(async () => ((await cacheInfo(server, 'cache-brief')).body as { cache: unknown }).cache === null, { what: 'the entry to expire' });
    const client = await subscribe(server, 'cache-brief');
    await client.next('pusher:cache_miss', 'cache-brief');
  });

  it('keeps at most CHORUS_CACHE_MAX_CHANNELS channels per app, dropping the oldest first', async () => {
    const server = await startServer({ cache: { ttlSeconds: 60, maxChannels: 2 } });
    const sdk = sdkFor(server);
    for (const channel of ['cache-1', 'cache-2', 'cache-3']) await sdk.trigger(channel, 'ev', { channel });
    const kept = await Promise.all(['cache-1', 'cache-2', 'cache-3'].map(async (c) => ((await cacheInfo(server, c)).body as { cache: unknown }).cache !== null));
    expect(kept).toEqual([false, true, true]);
  });
});
