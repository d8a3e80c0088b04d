/** GET /metrics: Prometheus text of what the node does, open to local scrapers only unless a token is set. */
import { afterEach, describe, expect, it } from 'vitest';
import type { AuthServer } from '../helpers/auth-server.js';
import { startAuthServer } from '../helpers/auth-server.js';
import { disconnectAll } from '../helpers/clients.js';
import { openDoc } from '../helpers/doc-client.js';
import { RawClient } from '../helpers/raw-client.js';
import { closeAllServers, startServer, type TestServer } from '../helpers/server.js';

let auth: AuthServer | undefined;
afterEach(async () => {
  disconnectAll();
  await auth?.close();
  await closeAllServers();
});

async function scrape(server: TestServer, headers: Record<string, string> = {}): Promise<{ status: number; text: string; type: string | null }> {
  const response = await fetch(`${server.httpUrl}/metrics`, { headers });
  return { status: response.status, text: await response.text(), type: response.headers.get('content-type') };
}

/** The value of one sample line (name with its labels, exactly as exposed). */
function sample(text: string, series: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  if (!line) throw new Error(`no sample ${series}`);
  return Number(line.slice(series.length + 1));
}

describe('metrics', () => {
  it('counts connections, subscriptions by type, frames and bytes, refusals, store calls and documents', async () => {
    const server = await startServer();
    auth = await startAuthServer(server);
    const ana = await openDoc(server, auth, 'metered', { id: 'ana' });
    ana.insert(0, 'counted');
    await ana.saved();
    const raw = await RawClient.connect(server.wsUrl());
    raw.subscribe('news');
    await raw.next('pusher_internal:subscription_succeeded');
    raw.sendRaw('not json');
    await raw.next('pusher:error');

    const { status, text, type } = await scrape(server);
    expect(status).toBe(200);
    expect(type).toContain('text/plain');
    expect(sample(text, 'chorus_connections')).toBe(2);
    expect(sample(text, 'chorus_subscriptions{type="public"}')).toBe(1);
    expect(sample(text, 'chorus_subscriptions{type="document"}')).toBe(1);
    expect(sample(text, 'chorus_documents_open')).toBe(1);
    expect(sample(text, 'chorus_documents_unsaved')).toBe(0);
    expect(sample(text, 'chorus_frames_received_total')).toBeGreaterThanOrEqual(4);
    expect(sample(text, 'chorus_bytes_sent_total')).toBeGreaterThan(0);
    expect(sample(text, 'chorus_refusals_total{reason="invalidMessage"}')).toBe(1);
    expect(sample(text, 'chorus_store_seconds_count{operation="append"}')).toBeGreaterThanOrEqual(1);
    expect(text).not.toContain('chorus_store_failures_total{');
    expect(text).toContain('chorus_process_nodejs_eventloop_lag_seconds');

    const view = (await (await fetch(`${server.httpUrl}/status`)).json()) as {
      node: { id: string; connections: number; store: string }; other_nodes: string[];
      apps: Array<{ id: string; connections: number; busiest_channels: Array<{ name: string; subscriptions: number }> }>;
      busiest_documents: Array<{ id: string; members: number; unsaved: boolean }>;
    };
    expect(view.node).toMatchObject({ connections: 2, store: 'ok' });
    expect(view.other_nodes).toEqual([]);
    expect(view.apps[0]).toMatchObject({ id: server.app.id, connections: 2 });
    expect(view.apps[0]!.busiest_channels.map((c) => c.name).sort()).toEqual(['news', 'presence-doc.metered']);
    expect(view.busiest_documents).toEqual([{ app_id: server.app.id, id: 'metered', members: 1, unsaved: false }]);
    raw.close();
  });

  it('answers only local requests made straight to the node when no token is set', async () => {
    const server = await startServer();
    expect((await scrape(server, { 'x-forwarded-for': '203.0.113.9' })).status).toBe(403);
    expect((await fetch(`${server.httpUrl}/status`, { headers: { 'x-forwarded-for': '203.0.113.9' } })).status).toBe(403);
  });

  it('needs the bearer token when one is set', async () => {
    const server = await startServer({ metricsToken: 'scrape-me' });
    expect((await scrape(server)).status).toBe(401);
    expect((await scrape(server, { authorization: 'Bearer wrong' })).status).toBe(401);
    const allowed = await scrape(server, { authorization: 'Bearer scrape-me' });
    expect(allowed.status).toBe(200);
    expect(allowed.text).toContain('chorus_connections 0');
  });
});
