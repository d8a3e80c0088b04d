/**
 * A real node against arbitrary frames from a socket: it never crashes, the
 * sender gets the protocol's error or is closed with a protocol code, and a
 * bystander on the same node notices nothing.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { presenceAuth, privateAuth } from '../helpers/auth.js';
import { fuzzParameters } from '../helpers/fuzz.js';
import { RawClient } from '../helpers/raw-client.js';
import { startServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
let bystander: RawClient;

beforeAll(async () => {
  server = await startServer();
  bystander = await RawClient.connect(server.wsUrl());
  bystander.subscribe('news');
  await bystander.next('pusher_internal:subscription_succeeded');
});
afterAll(async () => {
  bystander.close();
  await server.close();
});

/** Names the server must treat as names, never as properties of its own objects. */
const OBJECT_KEYS = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'];
const EVENTS = [...OBJECT_KEYS, 'pusher:subscribe', 'pusher:unsubscribe', 'pusher:ping', 'pusher:signin', 'client-x', 'client-yjs-update', 'client-yjs-sync-1', 'client-yjs-awareness', 'client-typing'];
const CHANNELS = ['news', 'private-x', 'presence-room', 'presence-doc.fz', 'private-encrypted-x', '#server-to-user-1', ...OBJECT_KEYS, 'presence-__proto__'];

/** A frame a client might send: well formed or not, with plausible or arbitrary names, and data of any shape. */
function frame(socketId: () => string): fc.Arbitrary<string> {
  const event = fc.oneof(fc.constantFrom(...EVENTS), fc.string());
  const channel = fc.oneof(fc.constantFrom(...CHANNELS), fc.string({ maxLength: 300 }));
  const signed = channel.chain((name) => fc.constantFrom(
    () => ({ channel: name }),
    () => ({ channel: name, ...privateAuth(socketId(), name) }),
    () => ({ channel: name, ...presenceAuth(socketId(), name, { user_id: 'fz', user_info: { role: 'editor' } }) }),
    () => ({ channel: name, ...presenceAuth(socketId(), name, { user_id: '__proto__', user_info: { name: 'constructor' } }) }),
  ));
  const data = fc.oneof(fc.jsonValue(), fc.string(), signed.map((make) => make()), fc.base64String().map((update) => ({ update })));
  return fc.oneof(
    fc.string({ unit: 'binary', maxLength: 500 }),
    fc.record({ event, channel, data }, { requiredKeys: ['event'] }).map((f) => JSON.stringify(f)),
    fc.tuple(fc.constantFrom(...EVENTS), data).map(([e, d]) => JSON.stringify({ event: e, data: d })),
  );
}

describe('frames under fuzz', () => {
  it('answers any sequence of frames with errors at worst, and nobody else notices', async () => {
    let socketId = '';
    let lastBystanderPing = 0;
    await fc.assert(fc.asyncProperty(fc.array(frame(() => socketId), { minLength: 1, maxLength: 12 }), async (frames) => {
      const client = await RawClient.connect(server.wsUrl());
      socketId = client.socketId;
      for (const text of frames) client.sendRaw(text);
      client.send({ event: 'pusher:ping', data: {} });
      try {
        await client.next('pusher:pong');
      } catch {
        // Closed instead: only ever with a protocol code, never a crash.
        expect(client.closed?.code).toBeGreaterThanOrEqual(4000);
      }
      client.close();
      expect(bystander.closed).toBeUndefined();
      // The bystander is checked a few times a second, within its own flood limit.
      if (Date.now() - lastBystanderPing < 250) return;
      lastBystanderPing = Date.now();
      bystander.send({ event: 'pusher:ping', data: {} });
      await bystander.next('pusher:pong');
    }), fuzzParameters(60));
    expect(server.logs.filter((r) => r.level === 'error')).toEqual([]);
    expect((await fetch(`${server.httpUrl}/up`)).status).toBe(200);
  });
});
