/** Nothing acknowledged is lost: SIGTERM and SIGKILL of a real node process, then a restart on the same database. */
import { afterEach, describe, expect, it } from 'vitest';
import { startAuthServer, type AuthServer } from '../helpers/auth-server.js';
import { disconnectAll } from '../helpers/clients.js';
import { tempSqliteUrl } from '../helpers/config.js';
import { openDoc } from '../helpers/doc-client.js';
import { startNodeProcess, type NodeProcess } from '../helpers/process.js';
import type { TestServer } from '../helpers/server.js';
import { waitFor } from '../helpers/wait.js';

const running: NodeProcess[] = [];
const authServers: AuthServer[] = [];

afterEach(async () => {
  disconnectAll();
  for (const node of running.splice(0)) if (node.child.exitCode === null) node.child.kill('SIGKILL');
  await Promise.all(authServers.splice(0).map((a) => a.close()));
});

async function boot(databaseUrl: string): Promise<{ node: NodeProcess; target: TestServer; auth: AuthServer }> {
  const node = await startNodeProcess({ DATABASE_URL: databaseUrl });
  running.push(node);
  const target = { host: '127.0.0.1', port: node.port } as TestServer;
  const auth = await startAuthServer(target);
  authServers.push(auth);
  return { node, target, auth };
}

describe('durability across restarts', () => {
  it('keeps everything through SIGTERM and a restart', async () => {
    const db = tempSqliteUrl();
    const first = await boot(db);
    const writer = await openDoc(first.target, first.auth, 'term', { id: 'w' });
    for (let i = 0; i < 20; i += 1) writer.insert(writer.text().length, `line ${i}\n`);
    const expected = writer.text();
    // Wait only until the server has received it (the other member sees it), not until it is stored.
    const watcher = await openDoc(first.target, first.auth, 'term', { id: 'watch', role: 'viewer' });
    await waitFor(() => watcher.text() === expected, { what: 'the server to have every edit' });
    first.node.child.kill('SIGTERM');
    expect((await first.node.exited()).code).toBe(0);
    disconnectAll();

    const second = await boot(db);
    const reader = await openDoc(second.target, second.auth, 'term', { id: 'r', role: 'viewer' });
    expect(reader.text()).toBe(expected);
  });

  it('keeps every edit through SIGKILL 1.5 s after the last one', async () => {
    const db = tempSqliteUrl();
    const first = await boot(db);
    const writer = await openDoc(first.target, first.auth, 'kill', { id: 'w' });
    for (let i = 0; i < 20; i += 1) writer.insert(writer.text().length, `edit ${i};`);
    const expected = writer.text();
    const watcher = await openDoc(first.target, first.auth, 'kill', { id: 'watch', role: 'viewer' });
    await waitFor(() => watcher.text() === expected, { what: 'the server to have every edit' });
    const lastEditSeen = Date.now();
    // The promise is "stored within 1 s"; wait out the rest of the 1.5 s, then kill without warning.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, lastEditSeen + 1500 - Date.now())));
    first.node.child.kill('SIGKILL');
    await first.node.exited();
    disconnectAll();

    const second = await boot(db);
    const reader = await openDoc(second.target, second.auth, 'kill', { id: 'r', role: 'viewer' });
    expect(reader.text()).toBe(expected);
  });
});
