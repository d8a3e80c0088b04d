#!/usr/bin/env node
// `npm start`'s build step: runs `npm run build` only when dist/ was not built from exactly these sources.
// After a successful build, dist/.build-stamp holds a hash of every input (each file's path and content),
// so any edited, added or removed source, config or lockfile makes the next start build again, whatever
// the files' times say (a checkout or a copy changes them). Uses nothing but Node itself.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** What the build reads: its sources and configuration, and the lockfile (a dependency change can change the output). */
const INPUT_DIRS = ['server', 'shared', 'client'];
const INPUT_FILES = ['package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json', 'tsconfig.embed.json', 'vite.config.ts', 'vite.embed.config.ts'];
/** What `npm start` needs from the build; a missing one means building again. */
const OUTPUTS = ['dist/server/main.js', 'dist/client/index.html', 'dist/client/embed/chorus-editor.js'];
const STAMP = join('dist', '.build-stamp');

function filesUnder(root, dir) {
  const path = join(root, dir);
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [dir];
  return readdirSync(path).sort().flatMap((name) => filesUnder(root, join(dir, name)));
}

/** A hash of every input's path and content. */
export function inputsHash(root) {
  const hash = createHash('sha256');
  for (const file of [...INPUT_DIRS, ...INPUT_FILES].flatMap((entry) => filesUnder(root, entry))) {
    hash.update(`${file}\0`).update(readFileSync(join(root, file))).update('\0');
  }
  return hash.digest('hex');
}

/** Whether dist/ holds a build of exactly the inputs there are now. */
export function isFresh(root) {
  const stamp = join(root, STAMP);
  if (!OUTPUTS.every((output) => existsSync(join(root, output))) || !existsSync(stamp)) return false;
  return readFileSync(stamp, 'utf8').trim() === inputsHash(root);
}

/** Builds unless fresh; the stamp is of the inputs as they were when the build began. */
export function buildIfStale(root, build = () => spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' }).status) {
  if (isFresh(root)) return { built: false, status: 0 };
  const hash = inputsHash(root);
  const status = build();
  if (status === 0) writeFileSync(join(root, STAMP), `${hash}\n`);
  return { built: true, status: status ?? 1 };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..');
  const { built, status } = buildIfStale(root);
  if (!built) process.stdout.write('[build] dist/ is up to date with the sources; not building\n');
  process.exit(status);
}
