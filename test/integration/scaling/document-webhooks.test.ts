/**
 * Document webhooks across nodes sharing a PostgreSQL store: document_created
 * once for a document however it comes to be (the Documents API, or a first
 * open racing on two nodes), document_stored from the node that wrote.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startAuthServer, type AuthServer } from '../../helpers/auth-server.js';
import { disconnectAll } from '../../helpers/clients.js';
import { openDoc } from '../../helpers/doc-client.js';
import { usePostgres, useRedisCluster } from '../../helpers/fixtures.js';
import { createDatabase, type TestPostgres } from '../../helpers/postgres.js';
import { sdkFor } from '../../helpers/rest.js';
import { waitFor } from '../../helpers/wait.js';
import { named, startWebhookReceiver, type WebhookReceiver } from '../../helpers/webhook-receiver.js';

const cluster = useRedisCluster();
let postgres: TestPostgres;
let hooks: WebhookReceiver | undefined;
const auths: AuthServer[] = [];

usePostgres((p) => {
  postgres = p;
});
afterEach(async () => {
  disconnectAll();
  await Promise.all(auths.splice(0).map((a) => a.close()));
  await hooks?.close();
});

describe('document webhooks across nodes', () => {
  it('reports each document created once, and its writes from the node that stored them', async () => {
    hooks = await startWebhookReceiver();
    const nodes = await cluster.start(2, {
      DATABASE_URL: await createDatabase(postgres.url), CHORUS_WEBHOOK_URL: hooks.url, CHORUS_WEBHOOK_EVENTS: 'document_created,document_stored',
    });
    await sdkFor(nodes[0]!.target).post({ path: '/documents', body: { id: 'notes', content: 'hello' } as unknown as string });
    const [authA, authB] = await Promise.all(nodes.map((node) => startAuthServer(node.target)));
    auths.push(authA!, authB!);
    // Both nodes open a document nobody created: one of their inserts wins.
    const [ana, bo] = await Promise.all([openDoc(nodes[0]!.target, authA!, 'fresh', { id: 'ana' }), openDoc(nodes[1]!.target, authB!, 'fresh', { id: 'bo' })]);
    bo.insert(0, 'from B');
    await bo.saved();
    const stored = await hooks.waitForEvent((e) => e.name === 'document_stored' && e.document_id === 'fresh', 'fresh stored');
    expect(stored).toEqual({ name: 'document_stored', channel: 'presence-doc.fresh', document_id: 'fresh' });
    // A's member writes through A: reported too.
    ana.insert(0, 'A was here: ');
    await ana.saved();
    await waitFor(() => named(hooks!.events(), 'document_stored').filter((e) => e.document_id === 'fresh').length >= 2, { what: 'A\'s write' });
    expect(named(hooks.events(), 'document_created').map((e) => e.document_id).sort()).toEqual(['fresh', 'notes']);
    expect(hooks.attempts.every((r) => r.valid)).toBe(true);
  });
});
