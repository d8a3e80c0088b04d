/**
 * Opening a document that does not exist: by default the subscription is
 * refused as not found and nothing is created; CHORUS_DOC_CREATE_ON_OPEN=true
 * creates it instead (within the app's budgets).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { presenceAuth } from '../helpers/auth.js';
import { RawClient } from '../helpers/raw-client.js';
import { signedFetch } from '../helpers/rest.js';
import { closeAllServers, startServer, type TestServer } from '../helpers/server.js';

const clients: RawClient[] = [];
afterEach(async () => {
  clients.splice(0).forEach((client) => client.ws.close());
  await closeAllServers();
});

/** Subscribes an editor to the document's channel; resolves with the server's answer to that subscription. */
async function open(server: TestServer, docId: string): Promise<{ event: string; parsed: unknown }> {
  const client = await RawClient.connect(server.wsUrl());
  clients.push(client);
  const channel = `presence-doc.${docId}`;
  client.subscribe(channel, presenceAuth(client.socketId, channel, { user_id: 'ana', user_info: { name: 'Ana', role: 'editor' } }));
  const answer = () => client.frames.find((frame) => frame.channel === channel && ANSWERS.includes(frame.event));
  await expect.poll(answer, { timeout: 5000 }).toBeDefined();
  return answer()!;
}

const ANSWERS = ['pusher_internal:subscription_succeeded', 'pusher:subscription_error'];

const exists = async (server: TestServer, docId: string): Promise<boolean> =>
  (await server.node.store.info({ appId: server.app.id, docId })) !== undefined;

describe('opening a document that does not exist', () => {
  it('is refused as not found by default, and creates nothing; a document made through the API opens', async () => {
    const server = await startServer({}, {}, { env: { CHORUS_DOC_CREATE_ON_OPEN: 'false' } });
    expect(server.config.documents.createOnOpen).toBe(false);
    const refused = await open(server, 'made-up');
    expect(refused).toMatchObject({ event: 'pusher:subscription_error', parsed: { type: 'NotFound', status: 404 } });
    expect(await exists(server, 'made-up')).toBe(false);
    expect(server.node.docs.openCount).toBe(0);

    expect((await signedFetch(server, 'POST', '/documents', { body: JSON.stringify({ id: 'planned', content: 'Agenda' }) })).status).toBe(201);
    expect((await open(server, 'planned')).event).toBe('pusher_internal:subscription_succeeded');
  });

  it('creates the document when CHORUS_DOC_CREATE_ON_OPEN is on', async () => {
    const server = await startServer({}, {}, { env: { CHORUS_DOC_CREATE_ON_OPEN: 'true' } });
    expect((await open(server, 'made-up')).event).toBe('pusher_internal:subscription_succeeded');
    await expect.poll(() => exists(server, 'made-up')).toBe(true);
  });
});
