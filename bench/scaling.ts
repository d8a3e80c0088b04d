/**
 * Multi-node benchmark: cross-node latency (sender on node A, receivers on
 * node B) against one node, and fan-out throughput with two nodes against one,
 * through a real redis-server. Nodes run in their own processes.
 */
import { startRedis } from '../test/helpers/redis.js';
import { closeAll, connectClient, connectMany, subscribe, type LoadClient } from './lib/clients.js';
import { startBenchNode, type BenchNode } from './lib/node-process.js';
import { ms, perSecond, summarise, table } from './lib/stats.js';
import { fanoutClientEvents, fanoutHttp, type FanoutResult } from './relay.js';

async function nodes(count: number, redisUrl: string | undefined): Promise<BenchNode[]> {
  const env: Record<string, string> = redisUrl ? { REVERB_SCALING_ENABLED: 'true', REDIS_URL: redisUrl } : {};
  return Promise.all(Array.from({ length: count }, (_, i) => startBenchNode({ ...env, CHORUS_NODE_ID: `bench-${i}` })));
}

async function subscribers(on: BenchNode[], total: number): Promise<LoadClient[]> {
  const clients: LoadClient[] = [];
  for (const [i, node] of on.entries()) {
    const share = Math.floor(total / on.length) + (i < total % on.length ? 1 : 0);
    const batch = await connectMany(node.port, share);
    for (const client of batch) {
      await subscribe(client, 'bench');
      await subscribe(client, 'private-bench');
    }
    clients.push(...batch);
  }
  return clients;
}

/** Sender on the first node, receivers on the last. */
async function latency(cluster: BenchNode[]): Promise<FanoutResult> {
  const receivers = await subscribers([cluster.at(-1)!], 100);
  const sender = await connectClient(cluster[0]!.port);
  await subscribe(sender, 'private-bench');
  const result = await fanoutClientEvents(sender, receivers, 400, 100);
  await closeAll([...receivers, sender]);
  return result;
}

async function throughput(cluster: BenchNode[]): Promise<FanoutResult> {
  const clients = await subscribers(cluster, 1000);
  const result = await fanoutHttp(cluster[0]!, clients, 500, 100);
  await closeAll(clients);
  return result;
}

export async function scalingBenchmark(log: (line: string) => void): Promise<string> {
  const redis = await startRedis();
  const rows: string[][] = [];
  const row = (setup: string, what: string, r: FanoutResult): void => {
    const s = summarise(r.latencies);
    rows.push([setup, what, `${r.deliveries.toLocaleString('en-US')} / ${(r.events * r.subscribers).toLocaleString('en-US')}`, perSecond(r.deliveries / r.seconds), ms(s.p50), ms(s.p99)]);
  };
  try {
    for (const [setup, count, url] of [['1 node', 1, undefined], ['2 nodes + Redis', 2, redis.url]] as const) {
      log(`scaling: ${setup}`);
      const cluster = await nodes(count, url);
      try {
        row(setup, count === 1 ? 'client events, sender and 100 receivers on one node' : 'client events, sender on A, 100 receivers on B', await latency(cluster));
        row(setup, '1,000 subscribers (split over the nodes), HTTP API at 100 events/s', await throughput(cluster));
      } finally {
        await Promise.all(cluster.map((n) => n.stop()));
      }
    }
  } finally {
    await redis.stop();
  }
  return [
    '## Several nodes through Redis',
    '',
    'Nodes in their own processes, a real redis-server, load from this process; all on the same 2 cores,',
    'so two nodes share the CPU that one node had to itself: the figures show what crossing Redis costs,',
    'not what a second machine would add.',
    '',
    table(['setup', 'workload', 'delivered / expected', 'deliveries a second', 'p50', 'p99'], rows),
    '',
  ].join('\n');
}
