/**
 * Relay benchmark: fan-out of HTTP API events and client events to 100 and
 * 1,000 subscribers of one channel (deliveries a second, latency), and the
 * memory an idle connection costs at 10,000 connections.
 */
import Pusher from 'pusher';
import { closeAll, connectClient, connectMany, now, subscribe, type LoadClient } from './lib/clients.js';
import { BENCH_APP, startBenchNode, type BenchNode } from './lib/node-process.js';
import { bytes, ms, perSecond, summarise, table } from './lib/stats.js';

export interface FanoutResult {
  subscribers: number;
  source: string;
  events: number;
  deliveries: number;
  seconds: number;
  latencies: number[];
}

/** Waits until every subscriber has seen `events` events, or the time limit passes. */
function collect(subscribers: LoadClient[], events: number, limitMs: number): { done: Promise<void>; latencies: number[]; count: () => number } {
  const latencies: number[] = [];
  let received = 0;
  const expected = subscribers.length * events;
  let finish: () => void = () => undefined;
  const done = new Promise<void>((resolve) => {
    finish = resolve;
    setTimeout(resolve, limitMs);
  });
  for (const client of subscribers) {
    client.onFrame = (text) => {
      const sent = /\\"t\\":([\d.]+)/.exec(text)?.[1];
      if (!sent) return;
      latencies.push(now() - Number(sent));
      received += 1;
      if (received >= expected) finish();
    };
  }
  return { done, latencies, count: () => received };
}

export async function fanoutHttp(node: BenchNode, subscribers: LoadClient[], events: number, ratePerSecond: number): Promise<FanoutResult> {
  const sdk = new Pusher({ appId: BENCH_APP.id, key: BENCH_APP.key, secret: BENCH_APP.secret, host: '127.0.0.1', port: String(node.port), useTLS: false });
  const sink = collect(subscribers, events, 60_000);
  const started = now();
  const inflight = new Set<Promise<unknown>>();
  for (let i = 0; i < events; i += 1) {
    const due = started + (i * 1000) / ratePerSecond;
    const wait = due - now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const request = sdk.trigger('bench', 'tick', { i, t: now() }).finally(() => inflight.delete(request));
    inflight.add(request);
    if (inflight.size >= 16) await Promise.race(inflight);
  }
  await sink.done;
  return { subscribers: subscribers.length, source: `HTTP API, ${ratePerSecond}/s offered`, events, deliveries: sink.count(), seconds: (now() - started) / 1000, latencies: sink.latencies };
}

export async function fanoutClientEvents(sender: LoadClient, subscribers: LoadClient[], events: number, ratePerSecond: number): Promise<FanoutResult> {
  const sink = collect(subscribers, events, 60_000);
  const started = now();
  for (let i = 0; i < events; i += 1) {
    const due = started + (i * 1000) / ratePerSecond;
    const wait = due - now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    sender.ws.send(JSON.stringify({ event: 'client-tick', channel: 'private-bench', data: { i, t: now() } }));
  }
  await sink.done;
  return { subscribers: subscribers.length, source: `client events, ${ratePerSecond}/s offered`, events, deliveries: sink.count(), seconds: (now() - started) / 1000, latencies: sink.latencies };
}

async function fanoutRun(subscriberCount: number): Promise<FanoutResult[]> {
  const node = await startBenchNode();
  try {
    const subscribers = await connectMany(node.port, subscriberCount);
    for (const client of subscribers) {
      await subscribe(client, 'bench');
      await subscribe(client, 'private-bench');
    }
    const sender = await connectClient(node.port);
    await subscribe(sender, 'private-bench');
    // Saturating: offered deliveries above what the node can do, so the figure is its capacity.
    // Paced: a fifth of that, so latency is not queueing behind the node's limit.
    const saturating = subscriberCount >= 1000 ? 100 : 1000;
    const paced = saturating / 5;
    const events = subscriberCount >= 1000 ? 500 : 3000;
    const results = [
      await fanoutHttp(node, subscribers, events, saturating),
      await fanoutClientEvents(sender, subscribers, events, saturating),
      await fanoutHttp(node, subscribers, events / 5, paced),
      await fanoutClientEvents(sender, subscribers, events / 5, paced),
    ];
    await closeAll([...subscribers, sender]);
    return results;
  } finally {
    await node.stop();
  }
}

async function idleMemory(connections: number): Promise<{ before: number; after: number; perConnection: number }> {
  const node = await startBenchNode();
  try {
    const warm = await connectMany(node.port, 100);
    await closeAll(warm);
    await new Promise((r) => setTimeout(r, 1000));
    const before = node.rssBytes();
    const clients = await connectMany(node.port, connections, 200);
    await new Promise((r) => setTimeout(r, 2000));
    const after = node.rssBytes();
    await closeAll(clients);
    return { before, after, perConnection: (after - before) / connections };
  } finally {
    await node.stop();
  }
}

export async function relayBenchmark(log: (line: string) => void): Promise<string> {
  const fanout: FanoutResult[] = [];
  for (const n of [100, 1000]) {
    log(`relay: fan-out to ${n} subscribers`);
    fanout.push(...(await fanoutRun(n)));
  }
  log('relay: 10,000 idle connections');
  const memory = await idleMemory(10_000);
  const rows = fanout.map((r) => {
    const s = summarise(r.latencies);
    return [String(r.subscribers), r.source, String(r.events), `${r.deliveries.toLocaleString('en-US')} / ${(r.events * r.subscribers).toLocaleString('en-US')}`,
      perSecond(r.deliveries / r.seconds), ms(s.p50), ms(s.p99)];
  });
  return [
    '## Relay',
    '',
    'One Chorus node in its own process; subscribers are raw WebSocket clients in the benchmark process',
    '(the two share the machine\'s 2 cores). Each event carries its send time; latency is send → receipt',
    'at each subscriber. Offered rates are paced; deliveries a second = deliveries / (first send → last receipt).',
    '',
    table(['subscribers', 'source', 'events', 'delivered / expected', 'deliveries a second', 'p50', 'p99'], rows),
    '',
    `Idle connections: RSS ${bytes(memory.before)} before, ${bytes(memory.after)} with 10,000 connections established`,
    `(handshake done, no subscriptions): **${bytes(memory.perConnection)} per idle connection**.`,
    '',
  ].join('\n');
}
