/**
 * A client given a deflated answer it cannot use (bytes that do not inflate,
 * or inflate to something that is not a Yjs update) says so and asks again,
 * rather than counting itself synced or waiting for ever. A Chorus node never
 * sends such an answer, so the other end here is a scripted Pusher-protocol
 * peer on a real socket; the client is the real pusher-js + provider.
 */
import type { AddressInfo } from 'node:net';
import { deflateRawSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import * as Y from 'yjs';
import { PusherYjsProvider } from '../../client/collab/provider.js';
import type { PusherLike } from '../../client/collab/pusher-types.js';
import { fromBase64, toBase64 } from '../../shared/doc/base64.js';
import { DocEvent, docChannel } from '../../shared/doc/events.js';
import { SYNC_ENCODING } from '../../shared/doc/inflate.js';
import { Pusher } from '../helpers/pusher-js.js';
import { waitFor } from '../helpers/wait.js';

const DOC = 'unusable';
const CHANNEL = docChannel(DOC);

interface Scripted {
  readonly port: number;
  /** The state vectors of the client's sync-1 requests, in order. */
  readonly requests: Uint8Array[];
  close(): Promise<void>;
}

/**
 * Speaks just enough of the protocol for one document client: the handshake,
 * the presence subscription, and an answer to each sync-1, which `answer`
 * gives (`[payload of yjs-sync-2]`) from the request's number.
 */
async function scriptedNode(source: Y.Doc, answer: (request: number, sv: Uint8Array) => object): Promise<Scripted> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((resolve) => server.once('listening', resolve));
  const requests: Uint8Array[] = [];
  const send = (ws: WebSocket, event: string, data: object, channel?: string): void => {
    ws.send(JSON.stringify({ event, data: JSON.stringify(data), ...(channel ? { channel } : {}) }));
  };
  server.on('connection', (ws) => {
    send(ws, 'pusher:connection_established', { socket_id: '1.1', activity_timeout: 30 });
    ws.on('message', (raw) => {
      const frame = JSON.parse(String(raw)) as { event: string; data: Record<string, unknown> };
      if (frame.event === 'pusher:subscribe') {
        send(ws, 'pusher_internal:subscription_succeeded', { presence: { ids: ['ana'], hash: { ana: {} }, count: 1 } }, CHANNEL);
      } else if (frame.event === DocEvent.sync1) {
        const sv = fromBase64(frame.data.sv)!;
        requests.push(sv);
        send(ws, DocEvent.sync2, answer(requests.length, sv), CHANNEL);
        send(ws, DocEvent.serverSync1, { sv: toBase64(Y.encodeStateVector(source)) }, CHANNEL);
      }
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    requests,
    close: () => new Promise((resolve) => {
      for (const client of server.clients) client.terminate();
      server.close(() => resolve());
    }),
  };
}

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

function openClient(port: number): { provider: PusherYjsProvider; doc: Y.Doc; errors: string[] } {
  const pusher = new Pusher('key', {
    cluster: '', wsHost: '127.0.0.1', wsPort: port, forceTLS: false, enabledTransports: ['ws'], disableStats: true,
    channelAuthorization: {
      endpoint: '', transport: 'ajax',
      customHandler: (_params, callback) => callback(null, { auth: 'key:signature', channel_data: JSON.stringify({ user_id: 'ana', user_info: {} }) }),
    },
  });
  const doc = new Y.Doc();
  const provider = new PusherYjsProvider({ pusher: pusher as unknown as PusherLike, docId: DOC, doc });
  const errors: string[] = [];
  provider.on('error', (error: { message: string }) => errors.push(error.message));
  cleanups.push(() => {
    provider.destroy();
    pusher.disconnect();
  });
  return { provider, doc, errors };
}

/** Raw DEFLATE whose first block has the reserved type: no inflater takes it. */
const NOT_DEFLATE = new Uint8Array([0xff, 0xff, 0xff]);
/** Inflates fine, to bytes no Yjs decoder takes (a variable-length integer past 53 bits). */
const NOT_AN_UPDATE = new Uint8Array(deflateRawSync(Buffer.alloc(12, 0xff)));

describe('a deflated answer the client cannot use', () => {
  it.each([
    ['does not inflate', NOT_DEFLATE, /Could not inflate/],
    ['inflates to no Yjs update', NOT_AN_UPDATE, /Could not apply/],
  ])('that %s is reported, and the client asks again and syncs', async (_case, unusable, message) => {
    const source = new Y.Doc();
    source.getText('t').insert(0, 'hello from the node');
    const node = await scriptedNode(source, (request, sv) => (request === 1
      ? { update: toBase64(unusable), encoding: SYNC_ENCODING }
      : { update: toBase64(Y.encodeStateAsUpdate(source, sv)) }));
    cleanups.push(() => node.close());

    const client = openClient(node.port);
    await waitFor(() => client.provider.synced, { what: 'the client to sync from the second answer', timeout: 10_000 });

    expect(client.errors).toEqual([expect.stringMatching(message)]);
    expect(node.requests).toHaveLength(2);
    expect(client.doc.getText('t').toString()).toBe('hello from the node');
  });
});
