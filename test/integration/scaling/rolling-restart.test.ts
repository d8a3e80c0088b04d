/**
 * `chorus restart` across a cluster, as processes behind the nginx of
 * docs/deploy.md, with a real Redis and PostgreSQL: nodes are restarted one
 * at a time while clients keep editing, the test standing in for the process
 * manager that starts each node again, and nothing typed is lost.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startAuthServer, type AuthServer } from '../../helpers/auth-server.js';
import { disconnectAll } from '../../helpers/clients.js';
import { startCluster, startClusterNode, stopCluster, type ClusterNode } from '../../helpers/cluster.js';
import { openDoc, type DocClient } from '../../helpers/doc-client.js';
import { useRedisAndPostgres } from '../../helpers/fixtures.js';
import { docsUpstream, startNginx, type TestNginx } from '../../helpers/nginx.js';
import { createDatabase } from '../../helpers/postgres.js';
import { runNode } from '../../helpers/process.js';
import { storedText } from '../../helpers/stores.js';
import { supervise, type Supervised } from '../../helpers/supervisor.js';
import { keepTyping, tokensIn } from '../../helpers/typist.js';
import { waitFor } from '../../helpers/wait.js';

const servers = useRedisAndPostgres();
const nodes: ClusterNode[] = [];
const commands: ReturnType<typeof runNode>[] = [];
const supervisors: Supervised<ClusterNode>[] = [];
let nginx: TestNginx | undefined;
let auth: AuthServer | undefined;

afterEach(async () => {
  for (const { child } of commands.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  disconnectAll();
  nginx?.stop();
  nginx = undefined;
  for (const supervisor of supervisors.splice(0)) {
    supervisor.stop();
    nodes.push(...supervisor.replacements);
  }
  stopCluster(nodes.splice(0));
  await auth?.close();
  auth = undefined;
});

/** What every process of one test shares: its own Redis prefix, so no other test's nodes are listed. */
async function clusterEnv(extra: Record<string, string> = {}): Promise<Record<string, string>> {
  return {
    REVERB_SCALING_ENABLED: 'true', REDIS_URL: servers.redis.url, DATABASE_URL: await createDatabase(servers.postgres.url),
    REVERB_SCALING_CHANNEL: `t${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`, ...extra,
  };
}

/** Until Redis lists that many live nodes under the test's prefix (a node lists itself just after it starts). */
async function listed(env: Record<string, string>, count: number): Promise<void> {
  const client = servers.redis.client();
  try {
    await waitFor(async () => (await client.zcard(`${env.REVERB_SCALING_CHANNEL}:nodes`)) === count, { what: `${count} nodes listed`, timeout: 10_000 });
  } finally {
    client.disconnect();
  }
}

/** How many times a client's connection went from connected to anything else. */
function countDrops(client: DocClient): () => number {
  let drops = 0;
  client.pusher.connection.bind('state_change', ({ previous }: { previous: string }) => {
    if (previous === 'connected') drops += 1;
  });
  return () => drops;
}

describe('rolling restart', () => {
  it('restarts both nodes in turn while 20 clients edit, and every edit is in every client and in the store', async () => {
    const env = await clusterEnv({ CHORUS_RESTART_SPREAD_MS: '2000' });
    const nodeEnv = (i: number): Record<string, string> => ({ ...env, CHORUS_NODE_ID: `node-${i}-${process.pid}` });
    const first = await Promise.all([0, 1].map((i) => startClusterNode(nodeEnv(i))));
    nodes.push(...first);
    await listed(env, 2);
    nginx = await startNginx(docsUpstream(first.map((node) => node.port)));
    auth = await startAuthServer(nginx.target);
    const clients = await Promise.all(Array.from({ length: 20 }, (_, i) => openDoc(nginx!.target, auth!, 'rolling', { id: `c${i}` })));
    const drops = clients.map(countDrops);
    // At most 60 s of typing, a token every 150 ms each.
    const typists = clients.map((client, i) => keepTyping(client, `c${i}`, 150, 400));
    first.forEach((node, i) => supervisors.push(supervise(node, (port) => startClusterNode(nodeEnv(i), port), 2)));

    const command = runNode(['restart', '--wait', '60'], env);
    commands.push(command);
    expect(await command.exited(), command.output()).toEqual({ code: 0, signal: null });
    expect(command.output()).toContain('Restarted 2 nodes.');
    expect(supervisors.map((s) => s.exits)).toEqual([[{ code: 0, signal: null }], [{ code: 0, signal: null }]]);

    const typed = await Promise.all(typists.map((typist) => typist.stop()));
    await waitFor(() => clients.every((client) => client.provider.synced && !client.provider.hasUnsavedChanges), { what: 'every client to be back and saved', timeout: 30_000 });
    await waitFor(() => clients.every((client) => client.text() === clients[0]!.text()), { what: 'every client to hold the same text', timeout: 20_000 });
    const text = clients[0]!.text();
    expect(tokensIn(text).sort()).toEqual(typed.flat().sort());
    expect(await storedText(env.DATABASE_URL!, 'rolling')).toBe(text);
    // Every client was on a node that restarted, and came back by itself.
    expect(drops.map((dropped) => dropped() >= 1)).toEqual(clients.map(() => true));
    expect(clients.map((client) => client.pusher.connection.state)).toEqual(clients.map(() => 'connected'));
  }, 180_000);

  it('leaves the other nodes running when nothing takes a restarted node\'s place', async () => {
    const env = await clusterEnv({ CHORUS_RESTART_SPREAD_MS: '0' });
    const [drained, other] = await startCluster(2, env);
    nodes.push(drained!, other!);
    await listed(env, 2);
    const command = runNode(['restart', '--wait', '2'], env);
    commands.push(command);
    expect((await command.exited()).code).toBe(1);
    expect(command.output()).toContain(`No node started in place of node-0-${process.pid} within 2 s, so the others were left running.`);
    expect(await drained!.exited()).toEqual({ code: 0, signal: null });
    expect(other!.child.exitCode).toBeNull();
    expect((await fetch(`${other!.httpUrl}/ready`)).status).toBe(200);
  }, 60_000);

  it('names the live nodes when asked to restart one that is not among them', async () => {
    const env = await clusterEnv();
    nodes.push(...(await startCluster(1, env)));
    await listed(env, 1);
    const command = runNode(['restart', '--node', 'nowhere'], env);
    commands.push(command);
    expect((await command.exited()).code, command.output()).toBe(1);
    expect(/No live node is named nowhere \(live: (.*)\)\./.exec(command.output())?.[1], command.output()).toBe(`node-0-${process.pid}`);
    expect(nodes[0]!.child.exitCode).toBeNull();
  }, 60_000);
});
