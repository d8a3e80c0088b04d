/**
 * Load and faults, small: the same workloads `npm run bench -- faults` runs
 * at full size (10,000 connections, a 5,000-client reconnect storm, a
 * 10-minute soak), here checked for correctness only; their speed and
 * memory are measured by the benchmark, never asserted.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { reconnectStorm, soak, steadyTraffic } from '../../bench/lib/faults.js';
import { startBenchNode, type BenchNode } from '../../bench/lib/node-process.js';
import { tempSqliteUrl } from '../helpers/config.js';

let node: BenchNode | undefined;
afterEach(async () => {
  await node?.stop();
  node = undefined;
});

describe('load and faults, small', () => {
  it('delivers every event of steady traffic to 500 connections over 50 channels, refusing nothing', async () => {
    node = await startBenchNode({ DATABASE_URL: tempSqliteUrl() });
    const result = await steadyTraffic(node.port, { connections: 500, channels: 50, eventsPerSecond: 100, seconds: 3 });
    expect(result.delivered).toBe(result.expected);
    expect(result.expected).toBe(300 * 10);
    expect(result.refused).toBe(0);
  }, 120_000);

  it('resubscribes every member of a reconnect storm after a restart, with no ghost and nobody missing', async () => {
    const env = { DATABASE_URL: tempSqliteUrl() };
    node = await startBenchNode(env);
    const { port } = node;
    const result = await reconnectStorm(port, 200, async () => {
      await node!.stop();
      node = await startBenchNode(env, port);
    });
    expect(result.resubscribed).toBe(200);
    expect(result.errors).toBe(0);
    expect(result.members).toBe(200);
  }, 120_000);

  it('keeps every edit of a short soak, with memory and event-loop lag sampled throughout', async () => {
    node = await startBenchNode({ DATABASE_URL: tempSqliteUrl() });
    const result = await soak(node.port, { writers: 6, documents: 2, seconds: 5, intervalMs: 100, sampleEveryMs: 1000 });
    expect(result.allStored).toBe(true);
    expect(result.edits).toBeGreaterThan(0);
    expect(result.samples.length).toBeGreaterThanOrEqual(3);
    for (const sample of result.samples) {
      expect(sample.rssMiB).toBeGreaterThan(0);
      expect(Number.isFinite(sample.lagMs)).toBe(true);
    }
  }, 120_000);
});
