#!/usr/bin/env node
// Installs what is missing, so `npm start` and `npm test` work on a fresh machine.
// npm dependencies: `npm ci` when node_modules is missing or was installed for other dependencies or another lockfile.
// With --system (npm test): Debian packages the tests need, via apt-get when run as root.
// Uses nothing but Node itself: it runs before any dependency is installed.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const stampFile = join(root, 'node_modules', '.chorus-setup-stamp');

/** The Debian packages the tests run, each with how to tell it is already there. */
const SYSTEM_PACKAGES = [
  { pkg: 'postgresql', present: () => postgresBinDir() !== undefined },
  { pkg: 'chromium', present: () => existsSync('/usr/bin/chromium') },
  { pkg: 'redis-server', present: () => hasBinary('redis-server') },
  { pkg: 'nginx', present: () => hasBinary('nginx') },
  // The TLS tests make a self-signed certificate with it.
  { pkg: 'openssl', present: () => hasBinary('openssl') },
];

/** Debian puts the server binaries in /usr/lib/postgresql/<version>/bin, outside PATH. */
function postgresBinDir() {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return undefined;
  const versions = readdirSync(base).filter((v) => existsSync(join(base, v, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a));
  return versions[0] && join(base, versions[0], 'bin');
}

function log(message) {
  process.stdout.write(`[setup] ${message}\n`);
}

/** package.json's fields that decide what npm installs; its scripts do not, so editing them installs nothing. */
const INSTALL_FIELDS = ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies', 'overrides', 'allowScripts', 'engines'];

function lockHash() {
  const lock = join(root, 'package-lock.json');
  const pkg = join(root, 'package.json');
  const hash = createHash('sha256');
  if (existsSync(pkg)) {
    const manifest = JSON.parse(readFileSync(pkg, 'utf8'));
    hash.update(JSON.stringify(INSTALL_FIELDS.map((field) => [field, manifest[field] ?? null])));
  }
  if (existsSync(lock)) hash.update(readFileSync(lock));
  return hash.digest('hex');
}

function ensureNpmDependencies() {
  const wanted = lockHash();
  const current = existsSync(stampFile) ? readFileSync(stampFile, 'utf8').trim() : '';
  if (current === wanted && existsSync(join(root, 'node_modules'))) return;
  const command = existsSync(join(root, 'package-lock.json')) ? ['ci'] : ['install'];
  log(`installing npm dependencies (npm ${command.join(' ')}) …`);
  const result = spawnSync('npm', [...command, '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    log('npm could not install the dependencies; see the output above.');
    process.exit(result.status ?? 1);
  }
  writeFileSync(stampFile, `${wanted}\n`);
}

function hasBinary(name) {
  return spawnSync('sh', ['-c', `command -v ${name} || test -x /usr/sbin/${name} || test -x /usr/bin/${name}`], { stdio: 'ignore' }).status === 0;
}

function ensureSystemPackages() {
  const missing = SYSTEM_PACKAGES.filter(({ present }) => !present());
  if (missing.length === 0) return;
  const names = [...new Set(missing.map((p) => p.pkg))];
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot || !hasBinary('apt-get')) {
    log(`missing system packages: ${names.join(' ')}. Install them (apt-get install ${names.join(' ')}) and run again.`);
    process.exit(1);
  }
  log(`installing system packages: ${names.join(' ')} …`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...names], { stdio: 'inherit', env });
}

if (process.argv.includes('--system')) ensureSystemPackages();
ensureNpmDependencies();
