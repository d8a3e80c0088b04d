/**
 * Keeps the dependency direction honest by reading import lines:
 * shared/ imports nothing of ours (nor node: or DOM code); server/ and client/
 * never import each other; inside server/, leaves never import what sits above them.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

function sourceFiles(dir: string): string[] {
  return readdirSync(join(root, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(root, path)).isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx|mts)$/.test(name) ? [path] : [];
  });
}

function imports(file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8');
  return [...text.matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)]
    .map((m) => m[1] ?? m[2] ?? '');
}

/** Where an import points: a project folder such as 'server/pusher', or 'pkg:name'. */
function target(file: string, spec: string): string {
  if (spec.startsWith('.')) return relative(root, resolve(root, dirname(file), spec));
  return `pkg:${spec}`;
}

/** `from` may not import anything under any of these prefixes. */
const FORBIDDEN: [from: string, banned: string[]][] = [
  ['shared/', ['server/', 'client/', 'test/', 'bench/', 'pkg:node:', 'pkg:ws', 'pkg:ioredis']],
  ['server/', ['client/', 'test/', 'bench/']],
  ['client/', ['server/', 'test/', 'bench/', 'pkg:node:']],
  ['server/config/', ['server/transport', 'server/pusher', 'server/channels', 'server/http', 'server/scaling', 'server/app']],
  ['server/observability/', ['server/transport', 'server/pusher', 'server/channels', 'server/http', 'server/scaling', 'server/app']],
  ['server/transport/', ['server/pusher', 'server/channels', 'server/http', 'server/scaling', 'server/app']],
  ['server/auth/', ['server/pusher', 'server/channels', 'server/http', 'server/app']],
  ['server/channels/', ['server/pusher', 'server/http', 'server/app']],
  ['server/scaling/', ['server/pusher', 'server/http', 'server/collab', 'server/app']],
  ['server/pusher/', ['server/http', 'server/app', 'server/collab', 'server/webhooks', 'server/scaling/local', 'server/scaling/redis']],
  ['server/http/', ['server/app', 'server/scaling/local', 'server/scaling/redis']],
  // `chorus restart` talks to nodes from outside: through Redis or HTTP, never through a node's parts.
  ['server/restart/', ['server/transport', 'server/pusher', 'server/channels', 'server/http', 'server/collab', 'server/app', 'server/shutdown', 'server/control']],
  ['server/webhooks/', ['server/transport', 'server/channels', 'server/pusher', 'server/http', 'server/collab', 'server/app', 'server/scaling/local', 'server/scaling/redis']],
];

describe('architecture', () => {
  const files = ['shared', 'server', 'client'].flatMap(sourceFiles);

  it('finds the source files it checks', () => {
    expect(files.length).toBeGreaterThan(20);
  });

  it('has no import that points against the dependency direction', () => {
    const violations: string[] = [];
    for (const file of files) {
      for (const spec of imports(file)) {
        const to = target(file, spec);
        for (const [from, banned] of FORBIDDEN) {
          if (!file.startsWith(from)) continue;
          const hit = banned.find((b) => to.startsWith(b));
          if (hit) violations.push(`${file} imports ${spec} (${from} must not import ${hit})`);
        }
      }
    }
    expect(violations).toEqual([]);
  });

  it('loads the headless editor (lexical, happy-dom) on first use only, never at start-up', () => {
    const lazy = ['server/collab/lexical/', 'server/collab/history/rescue.ts'];
    const heavy = (to: string): boolean => to.startsWith('pkg:lexical') || to.startsWith('pkg:@lexical/') || to === 'pkg:happy-dom' || lazy.some((l) => to.startsWith(l.replace(/\.ts$/, '')));
    const staticImports = (file: string): string[] => [...readFileSync(join(root, file), 'utf8')
      .matchAll(/(?:^|\n)\s*(?:import|export)(?!\s+type\b)[^'"]*?from\s+['"]([^'"]+)['"]/g)].map((m) => m[1] ?? '');
    const offenders = files
      .filter((file) => file.startsWith('server/') && !lazy.some((l) => file.startsWith(l)))
      .flatMap((file) => staticImports(file).filter((spec) => heavy(target(file, spec))).map((spec) => `${file} imports ${spec}`));
    expect(offenders).toEqual([]);
    // Through shared/ too: everything the node loads at start-up, followed import by import.
    const reached = new Map<string, string>([['server/main.ts', 'the entry point']]);
    const pending = ['server/main.ts'];
    for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
      for (const spec of staticImports(file)) {
        const to = target(file, spec);
        if (heavy(to)) offenders.push(`${file} imports ${spec}, loaded at start-up through ${reached.get(file)}`);
        const source = to.replace(/\.js$/, '.ts');
        if (to.startsWith('pkg:') || reached.has(source)) continue;
        reached.set(source, file);
        pending.push(source);
      }
    }
    expect(reached.size).toBeGreaterThan(50);
    expect(offenders).toEqual([]);
  });

  it('logs through the logger, never console.*', () => {
    const offenders = files.filter((f) => f.startsWith('server/') && /\bconsole\.(log|info|warn|error|debug)\(/.test(readFileSync(join(root, f), 'utf8')));
    expect(offenders).toEqual([]);
  });
});
