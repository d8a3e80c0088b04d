/**
 * Documents across nodes: a shared PostgreSQL, edits relayed through Redis,
 * unsaved edits reaching late joiners, and "saved" meaning stored on every
 * node, even when the node that relayed an edit dies before storing it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { toBase64 } from '../../../shared/doc/base64.js';
import { DocEvent } from '../../../shared/doc/events.js';
import { startAuthServer, type AuthServer } from '../../helpers/auth-server.js';
import { disconnectAll } from '../../helpers/clients.js';
import { startCluster, stopCluster, type ClusterNode } from '../../helpers/cluster.js';
import { openDoc, rootText } from '../../helpers/doc-client.js';
import { startNginx, type TestNginx } from '../../helpers/nginx.js';
import { createDatabase } from '../../helpers/postgres.js';
import { useRedisAndPostgres } from '../../helpers/fixtures.js';
import { storedText } from '../../helpers/stores.js';
import { waitFor } from '../../helpers/wait.js';

const servers = useRedisAndPostgres();
let nodes: ClusterNode[] = [];
let nginx: TestNginx | undefined;
const auths: AuthServer[] = [];

afterEach(async () => {
  disconnectAll();
  nginx?.stop();
  nginx = undefined;
  stopCluster(nodes);
  nodes = [];
  await Promise.all(auths.splice(0).map((a) => a.close()));
});

async function authFor(node: ClusterNode | { target: { host: string; port: number } }): Promise<AuthServer> {
  const auth = await startAuthServer(node.target);
  auths.push(auth);
  return auth;
}


describe('documents across nodes', () => {
  it('gives a member joining on node B the edits made on node A before they are stored', async () => {
    // The longest flush delay, so B opens the document while A's edits exist only in A's memory.
    nodes = await startCluster(2, { REDIS_URL: servers.redis.url, DATABASE_URL: await createDatabase(servers.postgres.url), CHORUS_DOC_FLUSH_DELAY_MS: '1000', CHORUS_DOC_FLUSH_MAX_DELAY_MS: '1000' });
    const ana = await openDoc(nodes[0]!.target, await authFor(nodes[0]!), 'shared', { id: 'ana' });
    ana.insert(0, 'from node A');
    const bo = await openDoc(nodes[1]!.target, await authFor(nodes[1]!), 'shared', { id: 'bo' });
    await waitFor(() => bo.text().includes('from node A'), { what: 'B to get A\'s unsaved edit', timeout: 10_000 });
    bo.insert(0, 'B says hi, ');
    await waitFor(() => ana.text().startsWith('B says hi, '), { what: 'A to get B\'s edit' });
    await Promise.all([ana.saved(), bo.saved()]);
    expect(rootText(ana.doc).toString()).toBe(rootText(bo.doc).toString());
    // Each node's status view lists the other.
    const status = (await (await fetch(`${nodes[0]!.httpUrl}/status`)).json()) as { node: { id: string }; other_nodes: string[] };
    expect(status.other_nodes).toEqual([(await (await fetch(`${nodes[1]!.httpUrl}/status`)).json() as { node: { id: string } }).node.id]);
  });

  it('converges and stores one merged document when both nodes persist concurrent edits', async () => {
    const database = await createDatabase(servers.postgres.url);
    nodes = await startCluster(2, { REDIS_URL: servers.redis.url, DATABASE_URL: database });
    const a = await openDoc(nodes[0]!.target, await authFor(nodes[0]!), 'merge', { id: 'a' });
    const b = await openDoc(nodes[1]!.target, await authFor(nodes[1]!), 'merge', { id: 'b' });
    for (let i = 0; i < 50; i += 1) {
      a.insert(0, 'a');
      b.insert(b.text().length, 'b');
    }
    await waitFor(() => a.text() === b.text() && a.text().length >= 100, { what: 'convergence', timeout: 10_000 });
    await Promise.all([a.saved(), b.saved()]);
    // A third node, cold, knows only the shared store: both nodes' writes must be in it, merged.
    const [third] = await startCluster(1, { REDIS_URL: servers.redis.url, DATABASE_URL: database, CHORUS_NODE_ID: 'node-cold' });
    nodes.push(third!);
    stopCluster(nodes.slice(0, 2));
    const reader = await openDoc(third!.target, await authFor(third!), 'merge', { id: 'r', role: 'viewer' });
    expect(rootText(reader.doc).toString()).toBe(rootText(a.doc).toString());
  });

  it('counts what another node stored as stored, so its own clients need not send it again', async () => {
    nodes = await startCluster(2, { REDIS_URL: servers.redis.url, DATABASE_URL: await createDatabase(servers.postgres.url) });
    const ana = await openDoc(nodes[0]!.target, await authFor(nodes[0]!), 'claims', { id: 'ana' });
    // A viewer: it never sends B anything, so B can count A's write as stored only from A's word.
    const bo = await openDoc(nodes[1]!.target, await authFor(nodes[1]!), 'claims', { id: 'bo', role: 'viewer' });
    ana.insert(0, 'stored by A');
    await ana.saved();
    const anaClock = Y.getState(ana.doc.store, ana.doc.clientID);
    // B's answer to a sync-1 carries what B counts as stored: A's write, as A told it.
    const channel = bo.provider.channelHandle!;
    let storedOnB = new Map<number, number>();
    channel.bind(DocEvent.serverSync1, (data: { sv: string }) => (storedOnB = Y.decodeStateVector(Buffer.from(data.sv, 'base64'))));
    await waitFor(() => {
      channel.trigger(DocEvent.sync1, { sv: toBase64(Y.encodeStateVector(bo.doc)) });
      return (storedOnB.get(ana.doc.clientID) ?? 0) >= anaClock;
    }, { what: 'node B to count A\'s write as stored', interval: 200, timeout: 10_000 });
  });

  it('stores an edit whose relaying node died before storing it before the next node says saved', async () => {
    const database = await createDatabase(servers.postgres.url);
    const shared = { REDIS_URL: servers.redis.url, DATABASE_URL: database };
    // Node A stores as late as it may (1 s), so it can be killed after relaying an edit and before storing it.
    const [a] = await startCluster(1, { ...shared, CHORUS_NODE_ID: `a-${process.pid}`, CHORUS_DOC_FLUSH_DELAY_MS: '1000', CHORUS_DOC_FLUSH_MAX_DELAY_MS: '1000' });
    const [b] = await startCluster(1, { ...shared, CHORUS_NODE_ID: `b-${process.pid}` });
    nodes = [a!, b!];
    nginx = await startNginx(`server 127.0.0.1:${a!.port}; server 127.0.0.1:${b!.port} backup;`);

    const ana = await openDoc(nginx.target, await authFor(nginx), 'relayed', { id: 'ana' });
    const bo = await openDoc(b!.target, await authFor(b!), 'relayed', { id: 'bo', role: 'viewer' });
    ana.insert(0, 'relayed by A. ');
    await waitFor(() => bo.text().includes('relayed by A.'), { what: 'node B to hold the edit A relayed', timeout: 10_000 });
    a!.child.kill('SIGKILL');
    await a!.exited();
    // The worst moment: the edit lives only in B's memory and in Ana's browser.
    expect(await storedText(database, 'relayed')).not.toContain('relayed by A.');
    expect(ana.provider.hasUnsavedChanges).toBe(true);

    // Ana's pusher-js reconnects through nginx, now to B, and resends what B has not stored.
    await waitFor(() => ana.pusher.connection.state === 'connected' && ana.provider.synced, { what: 'Ana to reconnect to B', timeout: 20_000 });
    await ana.saved();
    expect(await storedText(database, 'relayed')).toBe(ana.text());

    ana.insert(ana.text().length, 'Then typed on B.');
    await ana.saved();
    expect(await storedText(database, 'relayed')).toBe('relayed by A. Then typed on B.');
  });
});
