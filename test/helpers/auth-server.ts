/**
 * A stand-in for an app's /broadcasting/auth endpoint, signing with the real
 * `pusher` server SDK, exactly as a Laravel or Node backend would.
 * The user is chosen by the `user` query parameter of the endpoint URL;
 * `deny` in the query makes it refuse with 403; `private_data` makes it sign
 * private channels with channel_data too, as the SDK does when given data.
 * Encrypted channels get a `shared_secret` (the SDK's encryptionMasterKeyBase64).
 * `/pusher/user-auth` answers pusher-js's signin() with the SDK's authenticateUser.
 */
import { createServer, type Server } from 'node:http';
import Pusher from 'pusher';
import { TEST_APP, TEST_ENCRYPTION_KEY } from './config.js';

export interface AuthServer {
  readonly url: string;
  endpoint(user: { id: string; name?: string; role?: string }): string;
  /** pusher-js's userAuthentication endpoint, signing in as `id` with that watchlist. */
  userEndpoint(user: { id: string; watchlist?: string[] }): string;
  close(): Promise<void>;
}

export async function startAuthServer(target: { host: string; port: number }, app: { id: string; key: string; secret: string } = TEST_APP): Promise<AuthServer> {
  const pusher = new Pusher({
    appId: app.id, key: app.key, secret: app.secret, host: target.host, port: String(target.port), useTLS: false, encryptionMasterKeyBase64: TEST_ENCRYPTION_KEY,
  });
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const form = req.headers['content-type']?.includes('json') ? new URLSearchParams(JSON.parse(body) as Record<string, string>) : new URLSearchParams(body);
      const socketId = form.get('socket_id') ?? '';
      const channel = form.get('channel_name') ?? '';
      if (url.searchParams.has('deny')) {
        res.writeHead(403, { 'content-type': 'application/json' });
        return res.end(JSON.stringify({ message: 'Forbidden' }));
      }
      const id = url.searchParams.get('user') ?? 'anonymous';
      if (url.pathname === '/pusher/user-auth') {
        const watchlist = url.searchParams.get('watch')?.split(',').filter(Boolean) ?? [];
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end(JSON.stringify(pusher.authenticateUser(socketId, { id, user_info: { name: id }, watchlist })));
      }
      const info = { id, name: url.searchParams.get('name') ?? id, role: url.searchParams.get('role') ?? 'editor' };
      const withData = channel.startsWith('presence-') || url.searchParams.has('private_data');
      const auth = withData
        ? pusher.authorizeChannel(socketId, channel, { user_id: id, user_info: info })
        : pusher.authorizeChannel(socketId, channel);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(auth));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const url = `http://127.0.0.1:${port}/broadcasting/auth`;
  return {
    url,
    endpoint: (user) => {
      const params = new URLSearchParams({ user: user.id, name: user.name ?? user.id, role: user.role ?? 'editor' });
      return `${url}?${params.toString()}`;
    },
    userEndpoint: (user) => {
      const params = new URLSearchParams({ user: user.id, watch: (user.watchlist ?? []).join(',') });
      return `http://127.0.0.1:${port}/pusher/user-auth?${params.toString()}`;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
