/** Documents across nodes: a shared PostgreSQL, edits relayed through Redis, unsaved edits reaching late joiners. */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startAuthServer, type AuthServer } from '../../helpers/auth-server.js';
import { disconnectAll } from '../../helpers/clients.js';
import { startCluster, stopCluster, type ClusterNode } from '../../helpers/cluster.js';
import { openDoc, rootText } from '../../helpers/doc-client.js';
import { createDatabase, startPostgres, type TestPostgres } from '../../helpers/postgres.js';
import { startRedis, type TestRedis } from '../../helpers/redis.js';
import { waitFor } from '../../helpers/wait.js';

let redis: TestRedis;
let postgres: TestPostgres;
let nodes: ClusterNode[] = [];
const auths: AuthServer[] = [];

beforeAll(async () => {
  [redis, postgres] = await Promise.all([startRedis(), startPostgres()]);
});
afterAll(async () => {
  await Promise.all([redis.stop(), postgres.stop()]);
});
afterEach(async () => {
  disconnectAll();
  stopCluster(nodes);
  nodes = [];
  await Promise.all(auths.splice(0).map((a) => a.close()));
});

async function authFor(node: ClusterNode): Promise<AuthServer> {
  const auth = await startAuthServer(node.target);
  auths.push(auth);
  return auth;
}

describe('documents across nodes', () => {
  it('gives a member joining on node B the edits made on node A before they are stored', async () => {
    // The longest flush delay, so B opens the document while A's edits exist only in A's memory.
    nodes = await startCluster(2, { REDIS_URL: redis.url, DATABASE_URL: await createDatabase(postgres.url), CHORUS_DOC_FLUSH_DELAY_MS: '1000', CHORUS_DOC_FLUSH_MAX_DELAY_MS: '1000' });
    const ana = await openDoc(nodes[0]!.target, await authFor(nodes[0]!), 'shared', { id: 'ana' });
    ana.insert(0, 'from node A');
    const bo = await openDoc(nodes[1]!.target, await authFor(nodes[1]!), 'shared', { id: 'bo' });
    await waitFor(() => bo.text().includes('from node A'), { what: 'B to get A\'s unsaved edit', timeout: 10_000 });
    bo.insert(0, 'B says hi, ');
    await waitFor(() => ana.text().startsWith('B says hi, '), { what: 'A to get B\'s edit' });
    await Promise.all([ana.saved(), bo.saved()]);
    expect(rootText(ana.doc).toString()).toBe(rootText(bo.doc).toString());
  });

  it('converges and stores one merged document when both nodes persist concurrent edits', async () => {
    const database = await createDatabase(postgres.url);
    nodes = await startCluster(2, { REDIS_URL: redis.url, DATABASE_URL: database });
    const a = await openDoc(nodes[0]!.target, await authFor(nodes[0]!), 'merge', { id: 'a' });
    const b = await openDoc(nodes[1]!.target, await authFor(nodes[1]!), 'merge', { id: 'b' });
    for (let i = 0; i < 50; i += 1) {
      a.insert(0, 'a');
      b.insert(b.text().length, 'b');
    }
    await waitFor(() => a.text() === b.text() && a.text().length >= 100, { what: 'convergence', timeout: 10_000 });
    await Promise.all([a.saved(), b.saved()]);
    // A third node, cold, knows only the shared store: both nodes' writes must be in it, merged.
    const [third] = await startCluster(1, { REDIS_URL: redis.url, DATABASE_URL: database, CHORUS_NODE_ID: 'node-cold' });
    nodes.push(third!);
    stopCluster(nodes.slice(0, 2));
    const reader = await openDoc(third!.target, await authFor(third!), 'merge', { id: 'r', role: 'viewer' });
    expect(rootText(reader.doc).toString()).toBe(rootText(a.doc).toString());
  });
});
