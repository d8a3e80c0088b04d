/**
 * The HTTP API against arbitrary requests, signed, tampered with or not
 * signed at all: never a 5xx, never a crash, and an event reaches subscribers
 * only when its request was accepted.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signRestQuery } from '../../server/auth/rest.js';
import { TEST_APP } from '../helpers/config.js';
import { fuzzParameters } from '../helpers/fuzz.js';
import { RawClient } from '../helpers/raw-client.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { waitFor } from '../helpers/wait.js';

let server: TestServer;
let listener: RawClient;

beforeAll(async () => {
  server = await startServer();
  listener = await RawClient.connect(server.wsUrl());
  listener.subscribe('fz');
  await listener.next('pusher_internal:subscription_succeeded');
});
afterAll(async () => {
  listener.close();
  await server.close();
});

const ROUTES = ['/events', '/batch_events', '/channels', '/channels/fz', '/channels/presence-x/users', '/users/u1/terminate_connections', '/connections', '/documents', '/documents/fz'];
const segment = fc.oneof(fc.constantFrom('fz', 'presence-x', '..', '%2e%2e', '%00', 'a'.repeat(300)), fc.string({ maxLength: 20 }));
const path = fc.oneof(
  { arbitrary: fc.constantFrom('/events', '/batch_events').map((route) => `/apps/${TEST_APP.id}${route}`), weight: 3 },
  fc.constantFrom(...ROUTES).map((route) => `/apps/${TEST_APP.id}${route}`),
  fc.tuple(fc.constantFrom(...ROUTES), segment).map(([route, extra]) => `/apps/${TEST_APP.id}${route}/${encodeURIComponent(extra)}`),
  segment.map((app) => `/apps/${encodeURIComponent(app)}/events`),
  fc.string({ maxLength: 40 }).map((p) => `/${encodeURIComponent(p)}`),
);
/** An event much as an SDK sends it, often valid. */
const plausibleEvent = fc.record({
  name: fc.constantFrom('fuzzed', 'fuzzed-too'),
  channels: fc.constantFrom(['fz'], ['fz', 'other'], ['other']),
  channel: fc.constantFrom('fz', 'other'),
  data: fc.oneof(fc.string({ maxLength: 50 }), fc.jsonValue().map((v) => JSON.stringify(v))),
});
/** Anything in the shape of an event. */
const anyEvent = fc.record({
  name: fc.oneof(fc.constant('fuzzed'), fc.string({ maxLength: 210 }), fc.jsonValue()),
  channels: fc.oneof(fc.constant(['fz']), fc.array(fc.oneof(fc.constant('fz'), fc.string({ maxLength: 210 })), { maxLength: 110 }), fc.jsonValue()),
  channel: fc.oneof(fc.constant('fz'), fc.jsonValue()),
  data: fc.oneof(fc.jsonValue(), fc.string({ maxLength: 12_000 })),
  socket_id: fc.oneof(fc.constant('1.1'), fc.string()),
  info: fc.oneof(fc.constant('subscription_count'), fc.string()),
}, { requiredKeys: [] });
const event = fc.oneof({ arbitrary: plausibleEvent, weight: 3 }, anyEvent);
const body = fc.oneof(
  { arbitrary: event.map((e) => JSON.stringify(e)), weight: 3 },
  { arbitrary: fc.array(event, { maxLength: 12 }).map((batch) => JSON.stringify({ batch })), weight: 2 },
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.constant(''),
);
type Signing = 'signed' | 'unsigned' | 'bad-signature' | 'old-timestamp' | 'bad-body-md5' | 'wrong-path';
const signing = fc.oneof(
  { arbitrary: fc.constant<Signing>('signed'), weight: 4 },
  fc.constantFrom<Signing>('unsigned', 'bad-signature', 'old-timestamp', 'bad-body-md5', 'wrong-path'),
);

function query(method: string, target: string, text: string, how: Signing): string {
  if (how === 'unsigned') return 'auth_key=test-key';
  const signedPath = how === 'wrong-path' ? `${target}x` : target;
  const timestamp = how === 'old-timestamp' ? Math.floor(Date.now() / 1000) - 3600 : undefined;
  let q = signRestQuery(method, signedPath, TEST_APP, {}, how === 'bad-body-md5' ? `${text}!` : text, timestamp);
  if (how === 'bad-signature') q = q.replace(/auth_signature=([0-9a-f])/, (_m, c: string) => `auth_signature=${c === '0' ? '1' : '0'}`);
  return q;
}

/** How many events on channel fz an accepted request published. */
function publishedToFz(target: string, text: string): number {
  const parsed = JSON.parse(text) as { channels?: unknown; channel?: unknown; batch?: Array<{ channel?: unknown }> };
  if (target.endsWith('/batch_events')) return parsed.batch!.filter((e) => e.channel === 'fz').length;
  const channels = Array.isArray(parsed.channels) ? parsed.channels : [parsed.channel];
  return channels.includes('fz') ? 1 : 0;
}

describe('the HTTP API under fuzz', () => {
  it('answers any request with a 2xx or 4xx, and publishes only what it accepted', async () => {
    let expected = 0;
    const method = fc.oneof({ arbitrary: fc.constant('POST'), weight: 3 }, fc.constantFrom('GET', 'PUT', 'DELETE'));
    await fc.assert(fc.asyncProperty(method, path, body, signing, async (method, target, text, how) => {
      const init: RequestInit = { method, headers: { 'content-type': 'application/json' } };
      if (method !== 'GET' && text !== '') init.body = text;
      const sent = init.body === undefined ? '' : text;
      const response = await fetch(`${server.httpUrl}${target}?${query(method, target, sent, how)}`, init);
      expect(response.status).toBeLessThan(500);
      const answer = await response.text();
      expect(() => JSON.parse(answer)).not.toThrow();
      if (response.status === 200 && method === 'POST' && /\/(batch_)?events$/.test(target)) expected += publishedToFz(target, sent);
    }), fuzzParameters(300));
    const delivered = (): number => listener.frames.filter((f) => f.channel === 'fz' && !f.event.startsWith('pusher')).length;
    await waitFor(() => delivered() >= expected, { what: 'accepted events to arrive' });
    // A ping answered after them: nothing else is on its way.
    listener.send({ event: 'pusher:ping', data: {} });
    await listener.next('pusher:pong');
    expect(delivered()).toBe(expected);
    // The generators must reach the accepting paths too, or the property says nothing about them.
    expect(expected).toBeGreaterThan(0);
    expect(server.logs.filter((r) => r.level === 'error')).toEqual([]);
    expect((await fetch(`${server.httpUrl}/up`)).status).toBe(200);
  });
});
