/**
 * An acknowledgement covers stored, integrated edits only: an update that
 * waits for a missing dependency is not confirmed (nor anything after it)
 * until the dependency arrives; the node asks for it instead.
 */
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { toBase64 } from '../../shared/doc/base64.js';
import { DocEvent } from '../../shared/doc/events.js';
import type { AuthServer } from '../helpers/auth-server.js';
import { pusherClient } from '../helpers/clients.js';
import { useServerAndAuth } from '../helpers/fixtures.js';
import { rootText } from '../helpers/doc-client.js';
import type { TestServer } from '../helpers/server.js';
import { nextEvent, waitFor } from '../helpers/wait.js';

let server: TestServer;
let auth: AuthServer;
useServerAndAuth((s, a) => {
  server = s;
  auth = a;
});

/** Two updates of one writer, the second depending on the first. */
function dependentUpdates(): [Uint8Array, Uint8Array] {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  rootText(doc).insert(0, 'first ');
  rootText(doc).insert(6, 'second');
  return [updates[0]!, updates[1]!];
}

describe('acknowledgements', () => {
  it('holds back the acknowledgement of an update that waits for a missing one, and asks for it', async () => {
    const pusher = pusherClient(server, auth, { id: 'ana', role: 'editor' });
    const channel = pusher.subscribe('presence-doc.pending');
    await nextEvent((cb) => channel.bind('pusher:subscription_succeeded', cb));
    const saved: number[] = [];
    channel.bind(DocEvent.saved, (data: { ack?: number }) => saved.push(data.ack ?? 0));
    const [first, second] = dependentUpdates();

    const asked = nextEvent<{ sv: string }>((cb) => channel.bind(DocEvent.serverSync1, cb));
    channel.trigger(DocEvent.update, { update: toBase64(second), ack: 1 });
    const { sv } = await asked;
    // The node asks with what it has stored: the writer's first update is not among it.
    expect(Y.decodeStateVector(Buffer.from(sv, 'base64')).has(firstClient(first))).toBe(false);

    channel.trigger(DocEvent.update, { update: toBase64(first), ack: 2 });
    await waitFor(() => saved.includes(2), { what: 'the acknowledgement of both updates' });
    expect(saved).not.toContain(1);
    const stored = new Y.Doc();
    for (const update of (await server.node.store.load({ appId: server.app.id, docId: 'pending' })) ?? []) Y.applyUpdate(stored, update);
    expect(rootText(stored).toString()).toContain('first second');
  });
});

function firstClient(update: Uint8Array): number {
  return [...Y.decodeStateVector(Y.encodeStateVectorFromUpdate(update)).keys()][0]!;
}
