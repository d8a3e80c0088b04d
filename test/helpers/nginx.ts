/** A real nginx with the `location` (and, for docsUpstream, `upstream`) blocks from docs/deploy.md, in front of Chorus nodes. */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './postgres.js';
import type { TestServer } from './server.js';
import { waitFor } from './wait.js';

export interface TestNginx {
  /** The proxy as a target for clients and SDKs. */
  readonly target: TestServer;
  stop(): void;
}

/** A block of docs/deploy.md marked ```nginx <tag>, exactly as given. */
function docsBlock(tag: string): string {
  const markdown = readFileSync(new URL('../../docs/deploy.md', import.meta.url), 'utf8');
  const block = new RegExp(`\`\`\`nginx ${tag}\\n([\\s\\S]*?)\`\`\``).exec(markdown)?.[1];
  if (!block) throw new Error(`docs/deploy.md has no ${tag} block`);
  return block;
}

/** The inside of docs/deploy.md's `upstream` block, with one `server` line as given there for each of these ports. */
export function docsUpstream(ports: readonly number[]): string {
  const lines = docsBlock('chorus-upstream').split('\n').map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#') && !line.startsWith('upstream') && line !== '}');
  const server = lines.find((line) => line.startsWith('server '));
  if (!server) throw new Error('docs/deploy.md\'s upstream block has no server line');
  const others = lines.filter((line) => !line.startsWith('server '));
  return [...ports.map((port) => server.replace(/\S+:\d+/, `127.0.0.1:${port}`)), ...others].join(' ');
}

/** `upstream` lines name the nodes, e.g. `server 127.0.0.1:4000; server 127.0.0.1:4001 backup;`. */
export async function startNginx(upstream: string): Promise<TestNginx> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'chorus-nginx-'));
  writeFileSync(join(dir, 'nginx.conf'), `
daemon off;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${dir}/body; proxy_temp_path ${dir}/proxy; fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi; scgi_temp_path ${dir}/scgi;
  upstream chorus { ${upstream} }
  map $http_upgrade $connection_upgrade { default upgrade; '' close; }
  server {
    listen 127.0.0.1:${port};
${docsBlock('chorus-location')}
  }
}`);
  const nginx = spawn('nginx', ['-c', join(dir, 'nginx.conf'), '-p', dir], { stdio: 'ignore' });
  const target = { host: '127.0.0.1', port, httpUrl: `http://127.0.0.1:${port}`, app: { id: 'test-app' } } as TestServer;
  await waitFor(async () => (await fetch(`${target.httpUrl}/up`).catch(() => undefined))?.status === 200, { what: 'nginx to proxy /up', timeout: 10_000 });
  return { target, stop: () => nginx.kill('SIGTERM') };
}
