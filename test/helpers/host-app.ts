/**
 * A stand-in for the app that embeds Chorus: serves pages and its own
 * /broadcasting/auth, signing with the `pusher` SDK as a Laravel app would.
 */
import { createServer, type Server } from 'node:http';
import Pusher from 'pusher';
import { afterEach } from 'vitest';
import { TEST_APP } from './config.js';

export interface HostApp {
  readonly url: string;
  close(): Promise<void>;
}

export async function startHostApp(pages: Record<string, string>, user = { id: 'host-user', name: 'Ana', role: 'editor' }): Promise<HostApp> {
  const pusher = new Pusher({ appId: TEST_APP.id, key: TEST_APP.key, secret: TEST_APP.secret, host: '127.0.0.1' });
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (req.method === 'POST' && path === '/broadcasting/auth') {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        const form = new URLSearchParams(body);
        const auth = pusher.authorizeChannel(form.get('socket_id') ?? '', form.get('channel_name') ?? '', {
          user_id: user.id,
          user_info: { name: user.name, color: '#d64545', role: user.role },
        });
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(auth));
      });
      return;
    }
    const page = pages[path];
    res.writeHead(page ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' });
    res.end(page ?? 'not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => {
      server.close(() => resolve());
      // A browser still open keeps connections alive (a page reconnecting asks for signatures): cut them.
      server.closeAllConnections();
    }),
  };
}

/** For a test file: a starter of host apps, each closed after the test that started it. */
export function useHostApps(): typeof startHostApp {
  const started: HostApp[] = [];
  afterEach(async () => {
    for (const app of started.splice(0)) await app.close();
  });
  return async (pages, user) => {
    const app = await startHostApp(pages, user);
    started.push(app);
    return app;
  };
}
