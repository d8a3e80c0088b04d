/**
 * `chorus status` against a node running as its own process: it prints the
 * node's health, its connections and busiest channels, and exits 0; with
 * CHORUS_METRICS_TOKEN set it sends the token; with no node it says so and
 * exits 1.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { tempSqliteUrl } from '../helpers/config.js';
import { freePort } from '../helpers/postgres.js';
import { RawClient } from '../helpers/raw-client.js';
import { runNode, startNodeProcess, type NodeProcess } from '../helpers/process.js';

const started: Pick<NodeProcess, 'child'>[] = [];
afterEach(() => {
  for (const { child } of started.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

async function status(args: string[], env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const command = runNode(['status', ...args], env);
  started.push(command);
  const { code } = await command.exited();
  return { code, output: command.output() };
}

describe('chorus status', () => {
  it('prints the node, its connections and its busiest channel, and exits 0', async () => {
    const env = { DATABASE_URL: tempSqliteUrl() };
    const node = await startNodeProcess(env);
    started.push(node);
    const clients = await Promise.all(Array.from({ length: 3 }, async () => {
      const client = await RawClient.connect(`ws://127.0.0.1:${node.port}/app/test-key?protocol=7`);
      client.subscribe('news');
      await client.next('pusher_internal:subscription_succeeded', 'news');
      return client;
    }));

    const text = await status(['--port', String(node.port)], env);
    expect(text.code, text.output).toBe(0);
    expect(text.output).toMatch(/^node \S+: ok, up /m);
    expect(text.output).toMatch(/connections 3, documents open 0, store ok, single node/);
    expect(text.output).toMatch(/^app test-app: 3 connections \(cluster-wide\)$/m);
    expect(text.output).toMatch(/^ +3 {2}news$/m);

    const json = await status(['--port', String(node.port), '--json'], env);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.output)).toMatchObject({ node: { healthy: true, connections: 3 }, apps: [{ id: 'test-app', connections: 3 }] });
    for (const client of clients) client.close();
  });

  it('sends CHORUS_METRICS_TOKEN when the node asks for one, and fails without it', async () => {
    const env = { DATABASE_URL: tempSqliteUrl(), CHORUS_METRICS_TOKEN: 'operator-token' };
    const node = await startNodeProcess(env);
    started.push(node);
    expect((await status(['--port', String(node.port)], env)).code).toBe(0);
    const refused = await status(['--port', String(node.port)], { ...env, CHORUS_METRICS_TOKEN: 'wrong' });
    expect(refused.code).toBe(1);
    expect(refused.output).toContain('did not give its status: 401');
  });

  it('says so and exits 1 when no node answers', async () => {
    const result = await status(['--port', String(await freePort())], { DATABASE_URL: tempSqliteUrl() });
    expect(result.code).toBe(1);
    expect(result.output).toContain('No node answers at http://127.0.0.1:');
  });
});
