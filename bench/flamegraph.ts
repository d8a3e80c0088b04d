/**
 * Turns a V8 CPU profile into a flame graph SVG:
 *   npx tsx bench/flamegraph.ts <in.cpuprofile> <out.svg> [title]
 * Profiles come from CHORUS_BENCH_PROFILE=dir npm run bench -- docs (see docs/benchmarks.md).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { renderFlameGraph, type CpuProfile } from './lib/flamegraph.js';

const [input, output, title] = process.argv.slice(2);
if (!input || !output) {
  process.stderr.write('usage: tsx bench/flamegraph.ts <in.cpuprofile> <out.svg> [title]\n');
  process.exit(2);
}
const profile = JSON.parse(readFileSync(input, 'utf8')) as CpuProfile;
writeFileSync(output, renderFlameGraph(profile, title ?? basename(input)));
process.stdout.write(`wrote ${output}\n`);
