/**
 * Webhooks on one node, received by a real HTTP endpoint that checks them
 * with the `pusher` SDK's webhook() helper: Pusher's events and format,
 * signatures, batching, retries and the queue's budget.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { AppConfig } from '../../server/config/types.js';
import { WEBHOOK_EVENTS, type WebhookEventName } from '../../server/config/webhooks.js';
import { presenceAuth } from '../helpers/auth.js';
import { startAuthServer } from '../helpers/auth-server.js';
import { disconnectAll } from '../helpers/clients.js';
import { openDoc } from '../helpers/doc-client.js';
import { RawClient } from '../helpers/raw-client.js';
import { sdkFor, sdkPost } from '../helpers/rest.js';
import { closeAllServers, startServer, type TestServer } from '../helpers/server.js';
import { named, startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver.js';
import { waitFor } from '../helpers/wait.js';

let receivers: WebhookReceiver[] = [];
afterEach(async () => {
  disconnectAll();
  await closeAllServers();
  await Promise.all(receivers.map((r) => r.close()));
  receivers = [];
});

async function receiver(app?: { id: string; key: string; secret: string }): Promise<WebhookReceiver> {
  const made = await startWebhookReceiver(app);
  receivers.push(made);
  return made;
}

const SETTINGS = { batchMs: 100, maxBatch: 100, graceMs: 200, timeoutMs: 5000, retryForMs: 60_000, maxQueue: 1000 };

async function serverFor(to: WebhookReceiver, events: readonly WebhookEventName[] = WEBHOOK_EVENTS, app: Partial<AppConfig> = {}, settings = SETTINGS): Promise<TestServer> {
  return startServer({ webhooks: settings }, { webhooks: [{ url: to.url, events }], ...app });
}

async function joinPresence(server: TestServer, channel: string, userId: string): Promise<RawClient> {
  const client = await RawClient.connect(server.wsUrl());
  client.subscribe(channel, presenceAuth(client.socketId, channel, { user_id: userId }));
  await client.next('pusher_internal:subscription_succeeded', channel);
  return client;
}

describe('webhooks', () => {
  it('sends Pusher\'s events as { time_ms, events }, signed with the app secret, batched', async () => {
    const hooks = await receiver();
    // A window wide enough that the first join's two events surely share the first request.
    const server = await serverFor(hooks, WEBHOOK_EVENTS, {}, { ...SETTINGS, batchMs: 1000 });
    const ana = await joinPresence(server, 'presence-room', 'ana');
    const bob = await joinPresence(server, 'presence-room', 'bob');
    ana.send({ event: 'client-wave', channel: 'presence-room', data: { hi: 1 } });
    await hooks.waitForEvent((e) => e.name === 'client_event', 'the client event');
    ana.close();
    bob.close();
    await hooks.waitForEvent((e) => e.name === 'channel_vacated', 'the vacancy');
    expect(hooks.attempts.every((r) => r.valid)).toBe(true);
    expect(hooks.received[0]!.headers['x-pusher-key']).toBe('test-key');
    expect(hooks.received[0]!.headers['content-type']).toBe('application/json');
    expect(JSON.parse(hooks.received[0]!.body)).toEqual({ time_ms: hooks.received[0]!.timeMs, events: expect.any(Array) });
    // The first batch gathered what happened within its window.
    expect(hooks.received[0]!.events.map((e) => e.name).slice(0, 2)).toEqual(['channel_occupied', 'member_added']);
    const events = hooks.events();
    expect(events.slice(0, 4)).toEqual([
      { name: 'channel_occupied', channel: 'presence-room' },
      { name: 'member_added', channel: 'presence-room', user_id: 'ana' },
      { name: 'member_added', channel: 'presence-room', user_id: 'bob' },
      { name: 'client_event', channel: 'presence-room', event: 'client-wave', data: '{"hi":1}', socket_id: ana.socketId, user_id: 'ana' },
    ]);
    // Both left at once: in either order, and before the channel is vacated.
    expect(events.slice(4, 6)).toEqual(expect.arrayContaining([
      { name: 'member_removed', channel: 'presence-room', user_id: 'ana' },
      { name: 'member_removed', channel: 'presence-room', user_id: 'bob' },
    ]));
    expect(events.slice(6)).toEqual([{ name: 'channel_vacated', channel: 'presence-room' }]);
  });

  it('reports nothing for a client back within the grace', async () => {
    const hooks = await receiver();
    const server = await serverFor(hooks, WEBHOOK_EVENTS, {}, { ...SETTINGS, graceMs: 3000 });
    (await joinPresence(server, 'presence-room', 'ana')).close();
    const back = await joinPresence(server, 'presence-room', 'ana');
    await hooks.waitForEvent((e) => e.name === 'member_added', 'the first join');
    back.close();
    await hooks.waitForEvent((e) => e.name === 'channel_vacated', 'the vacancy');
    expect(hooks.events().map((e) => e.name)).toEqual(['channel_occupied', 'member_added', 'member_removed', 'channel_vacated']);
  });

  it('sends only the events a receiver asked for: cache_miss once for many subscribers, subscription_count', async () => {
    const hooks = await receiver();
    const server = await serverFor(hooks, ['cache_miss', 'subscription_count'], { subscriptionCount: true });
    const clients = await Promise.all([1, 2, 3].map(async () => {
      const client = await RawClient.connect(server.wsUrl());
      client.subscribe('cache-empty');
      await client.next('pusher:cache_miss');
      return client;
    }));
    await waitFor(() => named(hooks.events(), 'subscription_count').some((e) => e.subscription_count === 3), { what: 'a count of 3' });
    await sdkFor(server).trigger('cache-empty', 'fill', {});
    clients.forEach((c) => c.close());
    await waitFor(() => named(hooks.events(), 'subscription_count').at(-1)?.subscription_count === 0, { what: 'a count of 0' });
    expect(named(hooks.events(), 'cache_miss')).toEqual([{ name: 'cache_miss', channel: 'cache-empty' }]);
    expect(hooks.events().every((e) => e.name === 'cache_miss' || e.name === 'subscription_count')).toBe(true);
  });

  it('retries a refused request with back-off, sending the same signed body', async () => {
    const hooks = await receiver();
    const server = await serverFor(hooks, ['channel_occupied']);
    hooks.refuseNext(1, 503);
    const client = await RawClient.connect(server.wsUrl());
    client.subscribe('news');
    await hooks.waitForEvent((e) => e.name === 'channel_occupied', 'the retried event');
    expect(hooks.attempts).toHaveLength(2);
    expect(hooks.attempts[1]!.body).toBe(hooks.attempts[0]!.body);
    expect(hooks.attempts.every((r) => r.valid)).toBe(true);
  });

  it('keeps at most CHORUS_WEBHOOK_MAX_QUEUE events waiting for a slow receiver, dropping the oldest, and counts them', async () => {
    const hooks = await receiver();
    const server = await serverFor(hooks, ['channel_occupied'], {}, { ...SETTINGS, batchMs: 0, maxQueue: 3 });
    hooks.hold();
    const subscribe = async (channel: string): Promise<void> => {
      const client = await RawClient.connect(server.wsUrl());
      client.subscribe(channel);
      await client.next('pusher_internal:subscription_succeeded');
    };
    await subscribe('c1');
    await waitFor(() => hooks.attempts.length === 1, { what: 'the first request' });
    for (const channel of ['c2', 'c3', 'c4', 'c5', 'c6']) await subscribe(channel);
    await waitFor(async () => (await metric(server, 'chorus_webhook_events_lost_total{reason="queue full"}')) === 2, { what: 'two events dropped' });
    hooks.release();
    await hooks.waitForEvent((e) => e.channel === 'c6', 'the newest event');
    expect(hooks.events().map((e) => e.channel)).toEqual(['c1', 'c4', 'c5', 'c6']);
  });

  it('sends each app\'s webhooks to its own receivers, signed with its own secret', async () => {
    const apps = [{ id: 'alpha', key: 'alpha-key', secret: 'alpha-secret' }, { id: 'beta', key: 'beta-key', secret: 'beta-secret' }];
    const [toAlpha, toBeta] = [await receiver(apps[0]), await receiver(apps[1])];
    const base = (await startServer()).config.apps[0]!;
    const server = await startServer({ webhooks: SETTINGS, apps: [
      { ...base, ...apps[0]!, webhooks: [{ url: toAlpha!.url, events: ['channel_occupied'] }] },
      { ...base, ...apps[1]!, webhooks: [{ url: toBeta!.url, events: ['channel_occupied'] }] },
    ] });
    for (const app of apps) {
      const client = await RawClient.connect(server.wsUrl(app.key));
      client.subscribe(`only-${app.id}`);
      await client.next('pusher_internal:subscription_succeeded');
    }
    expect(await toAlpha!.waitForEvent((e) => e.name === 'channel_occupied', 'alpha\'s')).toMatchObject({ channel: 'only-alpha' });
    expect(await toBeta!.waitForEvent((e) => e.name === 'channel_occupied', 'beta\'s')).toMatchObject({ channel: 'only-beta' });
    expect([...toAlpha!.attempts, ...toBeta!.attempts].every((r) => r.valid)).toBe(true);
    expect(toAlpha!.events().map((e) => e.channel)).toEqual(['only-alpha']);
  });
});

describe('document webhooks', () => {
  it('reports a document created once, its writes waiting in one batch as one document_stored, and a named version', async () => {
    const hooks = await receiver();
    const server = await serverFor(hooks, ['document_created', 'document_stored', 'document_version_created'], {}, { ...SETTINGS, batchMs: 5000 });
    const auth = await startAuthServer(server);
    try {
      const editor = await openDoc(server, auth, 'notes', { id: 'ana' });
      for (const word of ['one ', 'two ', 'three ']) {
        editor.insert(0, word);
        await editor.saved();
      }
      const writes = await metric(server, 'chorus_store_seconds_count{operation="append"}');
      expect(writes).toBeGreaterThanOrEqual(3);
      const response = await sdkPost(sdkFor(server), '/documents/notes/versions', { name: 'First words' });
      const version = (await response.json()) as { id: string; created_at: string };
      await server.close(); // sends what waits
      expect(hooks.events()).toEqual([
        { name: 'document_created', channel: 'presence-doc.notes', document_id: 'notes' },
        { name: 'document_stored', channel: 'presence-doc.notes', document_id: 'notes' },
        {
          name: 'document_version_created', channel: 'presence-doc.notes', document_id: 'notes',
          version_id: version.id, kind: 'named', version_name: 'First words', created_at: version.created_at, authors: ['ana'],
        },
      ]);
    } finally {
      await auth.close();
    }
  });
});

async function metric(server: TestServer, series: string): Promise<number> {
  const text = await (await fetch(`${server.httpUrl}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(series));
  return line ? Number(line.slice(series.length).trim()) : 0;
}
