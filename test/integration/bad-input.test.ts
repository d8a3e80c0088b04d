import { afterEach, describe, expect, it } from 'vitest';
import { privateAuth } from '../helpers/auth.js';
import { RawClient } from '../helpers/raw-client.js';
import { sdkFor } from '../helpers/rest.js';
import { makeConfig } from '../helpers/config.js';
import { closeAllServers, startServer } from '../helpers/server.js';
import { waitFor } from '../helpers/wait.js';

afterEach(closeAllServers);

describe('bad input costs the sender only', () => {
  it.each([
    ['malformed JSON', '{"event": "pusher:subscribe", ', 4300],
    ['a JSON array', '[1,2,3]', 4300],
    ['a JSON string', '"hello"', 4300],
    ['a frame without an event', '{"data":{}}', 4300],
    ['a channel field that is not a string', '{"event":"client-x","channel":5,"data":{}}', 4300],
    ['an unknown pusher: event', '{"event":"pusher:explode","data":{}}', 4303],
    ['an event that is neither pusher: nor client-', '{"event":"hello","data":{}}', 4303],
    ['an event named like an object property (constructor)', '{"event":"constructor","data":{}}', 4303],
    ['an event named __proto__', '{"event":"__proto__","data":{}}', 4303],
    ['subscribe data that is not an object', '{"event":"pusher:subscribe","data":7}', 4300],
    ['a channel name with a forbidden character', '{"event":"pusher:subscribe","data":{"channel":"bad channel!"}}', 4304],
    ['a channel name over 200 characters', `{"event":"pusher:subscribe","data":{"channel":"${'a'.repeat(201)}"}}`, 4304],
    ['an empty channel name', '{"event":"pusher:subscribe","data":{"channel":""}}', 4304],
  ])('answers %s with pusher:error and keeps the socket', async (_what, frame, code) => {
    const server = await startServer();
    const bystander = await RawClient.connect(server.wsUrl());
    bystander.subscribe('news');
    await bystander.next('pusher_internal:subscription_succeeded');
    const client = await RawClient.connect(server.wsUrl());
    client.sendRaw(frame);
    const error = await client.next('pusher:error');
    expect((error.parsed as { code: number }).code).toBe(code);
    client.send({ event: 'pusher:ping', data: {} });
    await client.next('pusher:pong');
    await fetch(`${server.httpUrl}/up`);
    bystander.send({ event: 'pusher:ping', data: {} });
    await bystander.next('pusher:pong');
    expect(bystander.closed).toBeUndefined();
    client.close();
    bystander.close();
  });

  it('refuses binary frames with pusher:error', async () => {
    const server = await startServer();
    const client = await RawClient.connect(server.wsUrl());
    client.sendRaw(Buffer.from([0, 1, 2, 3]), true);
    expect((await client.next('pusher:error')).parsed).toMatchObject({ code: 4300 });
    client.close();
  });

  it('refuses a second subscribe to the same channel without a second member_added', async () => {
    const server = await startServer();
    const client = await RawClient.connect(server.wsUrl());
    client.subscribe('private-x', privateAuth(client.socketId, 'private-x'));
    await client.next('pusher_internal:subscription_succeeded');
    client.subscribe('private-x', privateAuth(client.socketId, 'private-x'));
    expect((await client.next('pusher:error')).parsed).toMatchObject({ code: 4305 });
    expect(server.node.channels.for(server.app.id).find('private-x')?.subscriptionCount).toBe(1);
    client.close();
  });

  it('refuses a frame over the message size limit with 4302 and keeps the socket', async () => {
    const server = await startServer({}, { maxMessageSize: 1000 });
    const client = await RawClient.connect(server.wsUrl());
    client.send({ event: 'client-big', channel: 'private-x', data: 'x'.repeat(2000) });
    expect((await client.next('pusher:error')).parsed).toMatchObject({ code: 4302 });
    client.send({ event: 'pusher:ping', data: {} });
    await client.next('pusher:pong');
    client.close();
  });

  it('closes a socket that sends a frame far over any limit (1009) without buffering it', async () => {
    const server = await startServer();
    const client = await RawClient.connect(server.wsUrl());
    client.sendRaw('x'.repeat(12 * 1024 * 1024));
    expect((await client.waitClosed()).code).toBe(1009);
    const other = await RawClient.connect(server.wsUrl());
    expect(other.socketId).not.toBe('');
    other.close();
  });

  it('cuts off a socket that is not a document editor at 1 MiB (1009): only editors may send large frames', async () => {
    const server = await startServer();
    const client = await RawClient.connect(server.wsUrl());
    client.sendRaw(JSON.stringify({ event: 'client-yjs-update', channel: 'presence-doc.x', data: { update: 'A'.repeat(2 * 1024 * 1024) } }));
    expect((await client.waitClosed()).code).toBe(1009);
  });

  it('closes a flooding socket with 4101 (reconnect after back-off) while others keep working', async () => {
    const server = await startServer({}, { frameFloodRate: 50 });
    const bystander = await RawClient.connect(server.wsUrl());
    const flooder = await RawClient.connect(server.wsUrl());
    for (let i = 0; i < 500; i += 1) flooder.send({ event: 'pusher:ping', data: {} });
    expect((await flooder.waitClosed()).code).toBe(4101);
    expect(flooder.all('pusher:pong').length).toBeLessThan(500);
    bystander.send({ event: 'pusher:ping', data: {} });
    await bystander.next('pusher:pong');
    bystander.close();
  });
});

describe('a socket that stops reading', () => {
  it('is dropped once its queue passes the limit, and the node stays healthy', async () => {
    const server = await startServer({ maxBufferedBytes: 64 * 1024 });
    const reader = await RawClient.connect(server.wsUrl());
    const stalled = await RawClient.connect(server.wsUrl());
    for (const client of [reader, stalled]) {
      client.subscribe('feed');
      await client.next('pusher_internal:subscription_succeeded');
    }
    (stalled.ws as unknown as { _socket: { pause(): void } })._socket.pause();
    const sdk = sdkFor(server);
    const batch = Array.from({ length: 10 }, (_, i) => ({ channel: 'feed', name: 'bulk', data: 'x'.repeat(10_000 + i) }));
    for (let round = 0; round < 500 && server.node.sessions.countFor(server.app.id) > 1; round += 1) {
      await sdk.triggerBatch(batch);
    }
    expect(server.node.sessions.countFor(server.app.id)).toBe(1);
    await sdk.trigger('feed', 'marker', '1');
    await reader.next('marker');
    reader.close();
  });
});

describe('budgets', () => {
  it('refuses a connection over the node\'s budget with 4100, so pusher-js backs off', async () => {
    const server = await startServer({ budgets: { ...makeConfig().budgets, maxConnections: 2 } });
    const first = await RawClient.connect(server.wsUrl());
    const second = await RawClient.connect(server.wsUrl());
    const third = await RawClient.open(server.wsUrl());
    expect((await third.next('pusher:error')).parsed).toMatchObject({ code: 4100 });
    expect((await third.waitClosed()).code).toBe(4100);
    first.close();
    await waitFor(() => server.node.sessions.count === 1, { what: 'the first connection to be gone' });
    const fourth = await RawClient.connect(server.wsUrl());
    expect(fourth.socketId).not.toBe('');
    second.close();
    fourth.close();
  });

  it('refuses a subscription over the channels a connection may hold with 4310, and logs it once', async () => {
    const server = await startServer({ budgets: { ...makeConfig().budgets, maxChannelsPerConnection: 2 } });
    const client = await RawClient.connect(server.wsUrl());
    for (const name of ['a', 'b']) {
      client.subscribe(name);
      await client.next('pusher_internal:subscription_succeeded', name);
    }
    for (const name of ['c', 'd', 'e']) {
      client.subscribe(name);
      expect((await client.next('pusher:error')).parsed).toMatchObject({ code: 4310 });
    }
    expect(server.logs.filter((r) => r.level === 'warn' && r.code === 4310)).toHaveLength(1);
    client.send({ event: 'pusher:unsubscribe', data: { channel: 'a' } });
    client.subscribe('c');
    await client.next('pusher_internal:subscription_succeeded', 'c');
    client.close();
  });
});
