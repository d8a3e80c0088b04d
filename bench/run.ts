/**
 * `npm run bench`: runs every benchmark and writes docs/benchmarks.md with
 * the date, the machine and the command. Figures are measured, never asserted.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { docsBenchmark } from './docs.js';
import { SCALE } from './docs/common.js';
import { faultsBenchmark } from './faults.js';
import { historyBenchmark } from './history.js';
import { startNodesFromBuild } from './lib/node-process.js';
import { relayBenchmark } from './relay.js';
import { scalingBenchmark } from './scaling.js';

function log(line: string): void {
  process.stdout.write(`[bench] ${line}\n`);
}

async function main(): Promise<void> {
  const only = process.argv.slice(2).find((arg) => !arg.startsWith('--'));
  // Nodes run from the build, as in production: build the server from the current code first.
  log('building the server (npm run build:server)');
  execFileSync('npm', ['run', '--silent', 'build:server'], { stdio: 'inherit' });
  startNodesFromBuild();
  const sections: string[] = [];
  if (!only || only === 'relay') sections.push(await relayBenchmark(log));
  if (!only || only === 'scaling') sections.push(await scalingBenchmark(log));
  if (!only || only === 'docs') sections.push(await docsBenchmark(log));
  if (!only || only === 'history') sections.push(await historyBenchmark(log));
  // Long (a 10-minute soak): only when asked for.
  if (only === 'faults') sections.push(await faultsBenchmark(log));
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const header = [
    '# Benchmarks',
    '',
    `Measured ${new Date().toISOString().slice(0, 10)} on ${cpus().length} × ${cpu}, ${Math.round(totalmem() / 2 ** 30)} GiB RAM,`,
    `Node ${process.version}, ${process.platform}. Command: \`npm run bench\`${only ? ` (\`npm run bench -- ${only}\`)` : ''}.`,
    ...(only ? [`Only the sections that command writes are from this run; the others are kept from earlier runs, with their own figures.`] : []),
    'Everything runs on loopback on this one machine; load generators and servers share its cores, so',
    'figures are comparable within one run, not across machines.',
    '',
  ].join('\n');
  if (SCALE < 1) {
    // A scaled-down run is for development: its figures are printed, never written to the docs.
    process.stdout.write(`\n${header}\n${sections.join('\n')}`);
    return;
  }
  const file = new URL('../docs/benchmarks.md', import.meta.url);
  // A partial run (`npm run bench -- docs`) replaces only its own section.
  const kept = only && existsSync(file) ? otherSections(readFileSync(file, 'utf8'), sections) : [];
  const text = `${header}\n${[...sections, ...kept].join('\n')}`;
  writeFileSync(file, text);
  process.stdout.write(`\n${text}`);
}

/** The `## ` sections of an existing file whose headings the new sections do not replace. */
function otherSections(existing: string, fresh: string[]): string[] {
  const heading = (section: string): string => section.split('\n')[0] ?? '';
  const replaced = new Set(fresh.map(heading));
  return existing.split(/\n(?=## )/).slice(1).filter((section) => !replaced.has(heading(section)));
}

// Client libraries closed by the workloads may still hold reconnect timers: the run ends when its figures are written.
main().then(() => process.exit(0), (error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
