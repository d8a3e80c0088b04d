/**
 * `chorus restart` on one node without Redis, as processes: the command
 * reaches the node over its signed loopback endpoint, the node asks its
 * clients to reconnect at planned times spread over the window, answers 503
 * on /ready meanwhile, exits 0, and the command waits for its replacement.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { tempSqliteUrl } from '../helpers/config.js';
import { freePort } from '../helpers/postgres.js';
import { RawClient } from '../helpers/raw-client.js';
import { runNode, startNodeProcess, type NodeProcess } from '../helpers/process.js';

/** Nodes and commands, killed after each test if still running. */
const started: Pick<NodeProcess, 'child'>[] = [];

afterEach(() => {
  for (const { child } of started.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

/** The node's JSON log lines with this message. */
function logged(node: NodeProcess, msg: string): Record<string, unknown>[] {
  return node.output().split('\n').filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((record) => record.msg === msg);
}

describe('chorus restart', () => {
  it('closes the clients at distinct planned times over the window, says 503 on /ready meanwhile, exits 0', async () => {
    const env = { DATABASE_URL: tempSqliteUrl(), CHORUS_RESTART_SPREAD_MS: '3000', CHORUS_LOG_LEVEL: 'debug' };
    const node = await startNodeProcess(env);
    started.push(node);
    const clients = await Promise.all(Array.from({ length: 10 }, () => RawClient.connect(`ws://127.0.0.1:${node.port}/app/test-key?protocol=7`)));
    const closedAt: number[] = [];
    for (const client of clients) client.ws.on('close', () => closedAt.push(Date.now()));
    expect((await fetch(`http://127.0.0.1:${node.port}/ready`)).status).toBe(200);

    const asked = Date.now();
    const command = runNode(['restart', '--port', String(node.port), '--wait', '60'], env);
    started.push(command);
    // The first client is asked at once; the node listens until the last one has been asked.
    expect((await clients[0]!.waitClosed(20_000)).code).toBe(4200);
    expect((await fetch(`http://127.0.0.1:${node.port}/ready`)).status).toBe(503);
    expect(await node.exited(), node.output()).toEqual({ code: 0, signal: null });
    for (const client of clients) {
      expect((client.frames.find((f) => f.event === 'pusher:error')?.parsed as { code: number }).code).toBe(4200);
      expect(client.closed?.code).toBe(4200);
    }

    const offsets = logged(node, 'asked a client to reconnect').map((record) => record.offset_ms as number);
    expect(offsets).toHaveLength(10);
    expect(new Set(offsets).size).toBe(10);
    expect(offsets.every((offset, i) => offset >= 0 && offset < 3000 && (i === 0 || offset > offsets[i - 1]!))).toBe(true);
    expect(logged(node, 'asking clients to reconnect, spread over the window')[0]).toMatchObject({ connections: 10, spread_ms: 3000 });
    // Seen from the clients: after the request, and not all in one instant.
    expect(closedAt.every((at) => at >= asked)).toBe(true);
    expect(new Set(closedAt).size).toBeGreaterThan(1);

    const replacement = await startNodeProcess(env, [], { port: node.port });
    started.push(replacement);
    expect(await command.exited(), command.output()).toEqual({ code: 0, signal: null });
    expect(command.output()).toContain('answers /ready again: restarted');
  });

  it('asks the remaining clients at once and exits 0 when SIGTERM comes during the spread', async () => {
    // A window no test waits out: only the signal can end the drain in time.
    const env = { DATABASE_URL: tempSqliteUrl(), CHORUS_RESTART_SPREAD_MS: '600000' };
    const node = await startNodeProcess(env);
    started.push(node);
    const clients = await Promise.all([1, 2, 3].map(() => RawClient.connect(`ws://127.0.0.1:${node.port}/app/test-key?protocol=7`)));
    const command = runNode(['restart', '--port', String(node.port), '--wait', '0'], env);
    started.push(command);
    expect(await command.exited(), command.output()).toEqual({ code: 0, signal: null });
    expect((await clients[0]!.waitClosed(20_000)).code).toBe(4200);
    expect(clients[2]!.closed).toBeUndefined();
    node.child.kill('SIGTERM');
    for (const client of clients.slice(1)) expect((await client.waitClosed(20_000)).code).toBe(4200);
    expect(await node.exited(), node.output()).toEqual({ code: 0, signal: null });
  });

  it('fails, saying why, when no node answers', async () => {
    const port = await freePort();
    const command = runNode(['restart', '--port', String(port)], { DATABASE_URL: tempSqliteUrl() });
    started.push(command);
    expect((await command.exited()).code).toBe(1);
    expect(command.output()).toContain(`No node answers at http://127.0.0.1:${port}`);
  });
});
