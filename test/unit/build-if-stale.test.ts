/** `npm start` builds only when a build input changed: by content, not by file times. */
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { buildIfStale } from '../../scripts/build-if-stale.mjs';

const OUTPUTS = ['dist/server/main.js', 'dist/client/index.html', 'dist/client/embed/chorus-editor.js'];
let root: string;
let builds: number;

function write(file: string, text: string): void {
  mkdirSync(dirname(join(root, file)), { recursive: true });
  writeFileSync(join(root, file), text);
}

/** A stand-in for `npm run build` that writes the outputs and answers with `status`. */
function build(status = 0): () => number {
  return () => {
    builds += 1;
    for (const output of OUTPUTS) write(output, 'built');
    return status;
  };
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'chorus-build-'));
  builds = 0;
  write('server/main.ts', 'export {};');
  write('client/index.html', '<html></html>');
  write('package-lock.json', '{}');
});

describe('buildIfStale', () => {
  it('builds the first time, then not again while nothing changed, even when file times change', () => {
    expect(buildIfStale(root, build())).toEqual({ built: true, status: 0 });
    expect(buildIfStale(root, build())).toEqual({ built: false, status: 0 });
    utimesSync(join(root, 'server/main.ts'), new Date(), new Date(Date.now() + 60_000));
    expect(buildIfStale(root, build()).built).toBe(false);
    expect(builds).toBe(1);
  });

  it('builds again when a source is edited, added or removed, or the lockfile changes', () => {
    buildIfStale(root, build());
    const changes = [
      () => write('server/main.ts', 'export const changed = 1;'),
      () => write('shared/new.ts', 'export {};'),
      () => rmSync(join(root, 'shared/new.ts')),
      () => write('package-lock.json', '{"lockfileVersion":3}'),
    ];
    for (const change of changes) {
      change();
      expect(buildIfStale(root, build()).built).toBe(true);
      expect(buildIfStale(root, build()).built).toBe(false);
    }
    expect(builds).toBe(1 + changes.length);
  });

  it('builds again when an output is missing', () => {
    buildIfStale(root, build());
    rmSync(join(root, 'dist/server/main.js'));
    expect(buildIfStale(root, build()).built).toBe(true);
  });

  it('tries again after a failed build and passes its status on', () => {
    expect(buildIfStale(root, build(2))).toEqual({ built: true, status: 2 });
    expect(buildIfStale(root, build())).toEqual({ built: true, status: 0 });
    expect(builds).toBe(2);
  });
});
