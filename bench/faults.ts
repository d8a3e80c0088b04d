/**
 * Load and faults at full size (`npm run bench -- faults`): 10,000
 * connections over 1,000 channels with steady traffic, a reconnect storm of
 * 5,000 presence members (100 a channel) after a node restart, and a soak of editing traffic
 * (10 minutes; CHORUS_SOAK_SECONDS to change) with the node's memory and
 * event-loop lag plotted in docs/soak.svg. `npm test` runs the same
 * workloads small (test/integration/load.test.ts).
 */
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { reconnectStorm, soak, steadyTraffic, type SoakSample } from './lib/faults.js';
import { startBenchNode, type BenchNode } from './lib/node-process.js';
import { ms, table } from './lib/stats.js';

const env = (): Record<string, string> => ({ DATABASE_URL: `sqlite:${join(tmpdir(), `chorus-faults-${process.pid}-${Date.now()}.db`)}` });

export async function faultsBenchmark(log: (line: string) => void): Promise<string> {
  const lines = ['## Load and faults', ''];
  let node: BenchNode = await startBenchNode(env());
  log('steady traffic: 10,000 connections over 1,000 channels');
  const steady = await steadyTraffic(node.port, { connections: 10_000, channels: 1_000, eventsPerSecond: 200, seconds: 30 });
  await node.stop();
  lines.push(table(['workload', 'sent', 'deliveries expected', 'delivered', 'refused', 'p50', 'p99'], [[
    `${steady.connections.toLocaleString('en-US')} connections, ${steady.channels.toLocaleString('en-US')} channels, ${steady.eventsPerSecond} events/s for ${steady.seconds} s`,
    String(steady.sent), String(steady.expected), String(steady.delivered), String(steady.refused), ms(steady.p50Ms), ms(steady.p99Ms),
  ]]), '');

  log('reconnect storm: 5,000 presence members, node restarted on the same port');
  const stormEnv = env();
  node = await startBenchNode(stormEnv);
  const { port } = node;
  const storm = await reconnectStorm(port, 5_000, async () => {
    await node.stop();
    node = await startBenchNode(stormEnv, port);
  });
  await node.stop();
  lines.push(table(['reconnect storm', 'resubscribed', 'first close to last resubscription', 'errors', 'members listed after'], [[
    `${storm.clients.toLocaleString('en-US')} presence members, 100 a channel`, String(storm.resubscribed), ms(storm.resubscribedMs), String(storm.errors), String(storm.members),
  ]]), '');

  const seconds = Number(process.env.CHORUS_SOAK_SECONDS ?? 600);
  log(`soak: ${seconds} s of editing, 50 writers on 10 documents`);
  node = await startBenchNode(env());
  const result = await soak(node.port, { writers: 50, documents: 10, seconds, intervalMs: 200, sampleEveryMs: Math.max(1000, (seconds * 1000) / 60) });
  await node.stop();
  writeFileSync(new URL('../docs/soak.svg', import.meta.url), chart(result.samples));
  const first = result.samples[0]!;
  const last = result.samples.at(-1)!;
  lines.push(
    `Soak: ${result.writers} writers on 10 documents for ${seconds} s, ${result.edits.toLocaleString('en-US')} edits, every edit served afterwards: ${result.allStored ? 'yes' : 'NO'}.`,
    `Resident memory ${first.rssMiB.toFixed(0)} MiB at the start, ${last.rssMiB.toFixed(0)} MiB at the end (peak ${Math.max(...result.samples.map((s) => s.rssMiB)).toFixed(0)} MiB);`,
    `event-loop lag ${ms(first.lagMs)} to ${ms(last.lagMs)} (peak ${ms(Math.max(...result.samples.map((s) => s.lagMs)))}).`,
    '',
    '![Resident memory and event-loop lag during the soak](soak.svg)',
    '',
  );
  return lines.join('\n');
}

/** Two lines over time, each scaled to its own range: memory (MiB) and event-loop lag (ms). */
function chart(samples: readonly SoakSample[]): string {
  const width = 640;
  const height = 240;
  const pad = 40;
  const end = Math.max(1, ...samples.map((s) => s.seconds));
  const line = (values: number[], color: string): string => {
    const top = Math.max(1e-9, ...values);
    const points = samples.map((s, i) => `${(pad + (s.seconds / end) * (width - 2 * pad)).toFixed(1)},${(height - pad - (values[i]! / top) * (height - 2 * pad)).toFixed(1)}`);
    return `<polyline fill="none" stroke="${color}" stroke-width="2" points="${points.join(' ')}"/>`;
  };
  const rss = samples.map((s) => s.rssMiB);
  const lag = samples.map((s) => s.lagMs);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="12">
<rect width="100%" height="100%" fill="white"/>
<line x1="${pad}" y1="${height - pad}" x2="${width - pad}" y2="${height - pad}" stroke="#888"/>
<text x="${width / 2}" y="${height - 10}" text-anchor="middle">seconds (0 to ${end.toFixed(0)})</text>
${line(rss, '#2f6fd8')}
${line(lag, '#d64545')}
<text x="${pad}" y="20" fill="#2f6fd8">resident memory, peak ${Math.max(...rss).toFixed(0)} MiB</text>
<text x="${width - pad}" y="20" fill="#d64545" text-anchor="end">event-loop lag, peak ${Math.max(...lag).toFixed(1)} ms</text>
</svg>
`;
}
