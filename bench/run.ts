/**
 * `npm run bench`: runs every benchmark and writes docs/benchmarks.md with
 * the date, the machine and the command. Figures are measured, never asserted.
 */
import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { relayBenchmark } from './relay.js';

function log(line: string): void {
  process.stdout.write(`[bench] ${line}\n`);
}

async function main(): Promise<void> {
  const only = process.argv[2];
  const sections: string[] = [];
  if (!only || only === 'relay') sections.push(await relayBenchmark(log));
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const header = [
    '# Benchmarks',
    '',
    `Measured ${new Date().toISOString().slice(0, 10)} on ${cpus().length} × ${cpu}, ${Math.round(totalmem() / 2 ** 30)} GiB RAM,`,
    `Node ${process.version}, ${process.platform}. Command: \`npm run bench\`${only ? ` (\`npm run bench -- ${only}\`)` : ''}.`,
    'Everything runs on loopback on this one machine; load generators and servers share its cores, so',
    'figures are comparable within one run, not across machines.',
    '',
  ].join('\n');
  const text = `${header}\n${sections.join('\n')}`;
  writeFileSync(new URL('../docs/benchmarks.md', import.meta.url), text);
  process.stdout.write(`\n${text}`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
