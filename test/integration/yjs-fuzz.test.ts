/**
 * The Yjs update path against arbitrary and corrupted updates from an
 * editor's socket: nothing crashes, a refused update changes nothing (the
 * node's document and the store stay as they were), and whatever the node
 * accepted it stores and can load again.
 */
import fc from 'fast-check';
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toBase64 } from '../../shared/doc/base64.js';
import { DocEvent, docChannel } from '../../shared/doc/events.js';
import { presenceAuth } from '../helpers/auth.js';
import { makeConfig } from '../helpers/config.js';
import { rootText } from '../helpers/doc-client.js';
import { fuzzParameters } from '../helpers/fuzz.js';
import { RawClient } from '../helpers/raw-client.js';
import { startServer, type TestServer } from '../helpers/server.js';

const DOC = 'fz';
let server: TestServer;
let editor: RawClient;

beforeAll(async () => {
  // Flood and rate limits lifted: this test sends as fast as it can, on purpose, from one socket.
  server = await startServer({ documents: { ...makeConfig().documents, eventRate: 1_000_000 } }, { frameFloodRate: 1_000_000 });
  editor = await RawClient.connect(server.wsUrl());
  editor.subscribe(docChannel(DOC), presenceAuth(editor.socketId, docChannel(DOC), { user_id: 'ed', user_info: { role: 'editor' } }));
  await editor.next('pusher_internal:subscription_succeeded');
  // The room loads (and seeds) the document in its queue after the subscription succeeds: the first run must not see that as a change.
  await room().run(() => undefined);
});
afterAll(async () => {
  editor.close();
  await server.close();
});

/** Real updates from a writer's random edits, to corrupt. */
const realUpdate = fc.array(fc.tuple(fc.nat(40), fc.string({ maxLength: 6 }), fc.nat(3)), { minLength: 1, maxLength: 6 }).map((ops) => {
  const doc = new Y.Doc();
  const text = rootText(doc);
  for (const [at, insert, remove] of ops) {
    text.insert(Math.min(at, text.length), insert);
    text.delete(Math.min(at, text.length), Math.min(remove, text.length - Math.min(at, text.length)));
  }
  return Y.encodeStateAsUpdate(doc);
});

/** An update as sent: arbitrary bytes, a real one, or a real one corrupted (bytes changed, cut short, or extended). */
const payload = fc.oneof(
  fc.uint8Array({ maxLength: 200 }),
  realUpdate,
  fc.tuple(realUpdate, fc.nat(), fc.integer({ min: 0, max: 255 })).map(([update, at, byte]) => {
    const copy = update.slice();
    copy[at % copy.length] = byte;
    return copy;
  }),
  fc.tuple(realUpdate, fc.nat()).map(([update, at]) => update.slice(0, at % update.length)),
  fc.tuple(realUpdate, fc.uint8Array({ minLength: 1, maxLength: 20 })).map(([update, tail]) => new Uint8Array([...update, ...tail])),
);

function room() {
  return server.node.docs.find({ appId: server.app.id, docId: DOC })!;
}

describe('the Yjs update path under fuzz', () => {
  it('refuses what it cannot apply without changing anything, and stores what it accepts', async () => {
    await fc.assert(fc.asyncProperty(payload, fc.boolean(), async (update, asParts) => {
      const before = Y.snapshot(room().doc);
      const errorsBefore = editor.all('pusher:error').length;
      const data = asParts ? { id: 'p', part: 0, parts: 1, update: toBase64(update) } : { update: toBase64(update), ack: 1 };
      editor.send({ event: DocEvent.update, channel: docChannel(DOC), data });
      editor.send({ event: 'pusher:ping', data: {} });
      await editor.next('pusher:pong');
      await room().run(() => undefined); // the update, if taken, is applied by now
      if (editor.all('pusher:error').length > errorsBefore) expect(Y.equalSnapshots(before, Y.snapshot(room().doc))).toBe(true);
    }), fuzzParameters(300));

    expect(server.logs.filter((r) => r.level === 'error')).toEqual([]);
    await room().flush();
    const stored = new Y.Doc();
    for (const row of (await server.node.store.load({ appId: server.app.id, docId: DOC })) ?? []) Y.applyUpdate(stored, row);
    expect(rootText(stored).toString()).toBe(rootText(room().doc).toString());
    expect(editor.closed).toBeUndefined();
  });
});
