/**
 * Document benchmark: Chorus, y-websocket's server and Hocuspocus side by side on the same
 * workloads, in one run. Every server runs in its own process; all clients run in this one.
 * Each workload lives in bench/docs/; CHORUS_BENCH_SCALE or --quick shrinks them for development.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { renderFolder } from './lib/flamegraph.js';
import { awarenessSection } from './docs/awareness.js';
import { SCALE } from './docs/common.js';
import { connectionsSection } from './docs/connections.js';
import { fanoutSection } from './docs/fanout.js';
import { floorSection } from './docs/floor.js';
import { framingSection } from './docs/framing.js';
import { loadSection } from './docs/load.js';
import { manySection } from './docs/many.js';
import { saturatedSection } from './docs/saturated.js';

export async function docsBenchmark(log: (line: string) => void): Promise<string> {
  const fanout = await fanoutSection(log);
  const framing = framingSection(log);
  const many = await manySection(log);
  const saturated = await saturatedSection(log);
  const load = await loadSection(log);
  const connections = await connectionsSection(log, saturated.rest);
  const awareness = await awarenessSection(log);
  const floor = await floorSection(log);
  renderProfiles(log);
  return [
    '## Documents: Chorus, y-websocket\'s server and Hocuspocus',
    '',
    'Same workloads, same run, each server in its own process with its own real client',
    '(Chorus: pusher-js (its worker build, on ws) + PusherYjsProvider; y-websocket: WebsocketProvider; Hocuspocus: HocuspocusProvider; all three on ws).',
    'All clients share the benchmark process, so client-side decoding is part of every latency.',
    'Chorus runs with its rate limits lifted and persists every document to SQLite; the other two',
    'run with their defaults and no persistence. "Chorus / best peer" divides Chorus\'s figure by the',
    'better peer\'s: below 1× is better for Chorus on costs and latencies, above 1× on rates.',
    ...(SCALE < 1 ? ['', `**Scaled-down run (scale ${SCALE}): not for comparison with full runs.**`] : []),
    '',
    'Run: `npm run bench -- docs` (full); `npx tsx bench/run.ts docs --quick` or CHORUS_BENCH_SCALE=0.2',
    'for a scaled-down development run that writes nothing here; CHORUS_BENCH_PROFILE=dir to profile the',
    'Chorus node in the saturated and many-documents workloads (flame graphs written beside the profiles;',
    '`npx tsx bench/flamegraph.ts in.cpuprofile out.svg` renders one by hand). Flame graphs of the node before and',
    'after its latest optimisations, with what changed: [profiles/README.md](profiles/README.md).',
    '',
    fanout, '', framing, '', many, '', saturated.text, '', load, '', connections, '', awareness, '', floor, '',
  ].join('\n');
}

/** With CHORUS_BENCH_PROFILE set, renders each profiled workload's .cpuprofile files as flame graphs. */
function renderProfiles(log: (line: string) => void): void {
  const root = process.env.CHORUS_BENCH_PROFILE;
  if (!root) return;
  for (const workload of ['saturated', 'many-documents']) {
    const dir = join(root, workload);
    if (!existsSync(dir)) continue;
    for (const file of renderFolder(dir, `Chorus node, ${workload} workload`)) log(`docs: flame graph ${file}`);
  }
}
