/**
 * Client-event limits as a Laravel app that moved from Reverb meets them,
 * driven by the real laravel-echo and pusher-js, configured through Reverb's
 * variables.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startAuthServer, type AuthServer } from '../helpers/auth-server.js';
import { connected, disconnectAll, echoClient, pusherClient } from '../helpers/clients.js';
import { openDoc } from '../helpers/doc-client.js';
import type { Pusher } from '../helpers/pusher-js.js';
import { sdkFor } from '../helpers/rest.js';
import { closeAllServers, startServer, type TestServer } from '../helpers/server.js';
import { nextEvent, waitFor } from '../helpers/wait.js';

let auth: AuthServer | undefined;

afterEach(async () => {
  disconnectAll();
  await auth?.close();
  auth = undefined;
  await closeAllServers();
});

async function serverWith(env: Record<string, string>): Promise<TestServer> {
  const server = await startServer({}, {}, { env });
  auth = await startAuthServer(server);
  return server;
}

type Channel = ReturnType<Pusher['subscribe']>;

function subscribed(channel: Channel): Promise<unknown> {
  return new Promise((resolve, reject) => {
    channel.bind('pusher:subscription_succeeded', resolve);
    channel.bind('pusher:subscription_error', reject);
  });
}

/** Two pusher-js clients on private-chat: the sender's channel, and the events the other receives. */
async function privatePair(server: TestServer): Promise<{ sender: Pusher; channel: Channel; received: unknown[]; other: Channel }> {
  const sender = pusherClient(server, auth, { id: 'sender' });
  const receiver = pusherClient(server, auth, { id: 'receiver' });
  const channel = sender.subscribe('private-chat');
  const other = receiver.subscribe('private-chat');
  await Promise.all([subscribed(channel), subscribed(other)]);
  const received: unknown[] = [];
  other.bind('client-move', (data: unknown) => received.push(data));
  return { sender, channel, received, other };
}

/** Resolves once an API event published after everything before it reached `channel`: earlier relays have arrived. */
async function flushed(server: TestServer, channel: Channel): Promise<void> {
  const marker = nextEvent((cb) => channel.bind('flushed', cb));
  await sdkFor(server).trigger('private-chat', 'flushed', {});
  await marker;
}

describe('client event rate limiting (Reverb\'s settings)', () => {
  it('is off by default: a whispered cursor stream reaches the other member whole', async () => {
    const server = await serverWith({});
    const ana = echoClient(server, auth!, { id: 'ana' });
    const bo = echoClient(server, auth!, { id: 'bo' });
    await Promise.all([ana, bo].map((echo) => nextEvent((cb) => echo.private('doc-cursors').subscribed(() => cb(true)))));
    const positions: number[] = [];
    bo.private('doc-cursors').listenForWhisper('cursor', (e: { x: number }) => positions.push(e.x));
    // Two seconds of a 25-a-second cursor stream, sent at once.
    for (let x = 0; x < 50; x += 1) ana.private('doc-cursors').whisper('cursor', { x });
    await waitFor(() => positions.length === 50, { what: 'all 50 cursor positions' });
    expect(positions).toEqual(Array.from({ length: 50 }, (_, x) => x));
  });

  it('when enabled, drops events over MAX_ATTEMPTS in the window with 4301 and keeps the connection', async () => {
    const server = await serverWith({ REVERB_APP_RATE_LIMITING_ENABLED: 'true', REVERB_APP_RATE_LIMIT_MAX_ATTEMPTS: '3' });
    const { sender, channel, received, other } = await privatePair(server);
    const error = nextEvent<{ code: number; message: string }>((cb) => sender.bind('pusher:error', cb));
    for (let i = 0; i < 5; i += 1) channel.trigger('client-move', { i });
    expect(await error).toMatchObject({ code: 4301, message: expect.stringContaining('3 in 60 s') });
    await flushed(server, other);
    expect(received).toEqual([{ i: 0 }, { i: 1 }, { i: 2 }]);
    expect(sender.connection.state).toBe('connected');
  });

  it('with REVERB_APP_RATE_LIMIT_TERMINATE closes the connection (4101) and pusher-js connects again', async () => {
    const server = await serverWith({
      REVERB_APP_RATE_LIMITING_ENABLED: 'true', REVERB_APP_RATE_LIMIT_MAX_ATTEMPTS: '2', REVERB_APP_RATE_LIMIT_TERMINATE: 'true',
    });
    const { sender, channel, received, other } = await privatePair(server);
    const firstSocket = sender.connection.socket_id;
    const error = nextEvent<{ code: number }>((cb) => sender.bind('pusher:error', cb));
    const dropped = nextEvent((cb) => sender.connection.bind('connecting', cb));
    for (let i = 0; i < 4; i += 1) channel.trigger('client-move', { i });
    expect((await error).code).toBe(4101);
    await dropped;
    await connected(sender);
    expect(sender.connection.socket_id).not.toBe(firstSocket);
    await flushed(server, other);
    expect(received).toEqual([{ i: 0 }, { i: 1 }]);
  });

  it('leaves document events to their own budget (CHORUS_DOC_EVENT_RATE)', async () => {
    const server = await serverWith({ REVERB_APP_RATE_LIMITING_ENABLED: 'true', REVERB_APP_RATE_LIMIT_MAX_ATTEMPTS: '1' });
    const ana = await openDoc(server, auth!, 'limits', { id: 'ana' });
    const bo = await openDoc(server, auth!, 'limits', { id: 'bo' });
    for (const word of ['one ', 'two ', 'three ', 'four ']) {
      ana.insert(0, word);
      await waitFor(() => bo.text().startsWith(word), { what: `"${word}" to reach bo` });
    }
    expect(bo.text()).toBe('four three two one ');
  });
});

