/** The real pusher-js (Node build, which has the encrypted-channel support of pusher-js/with-encryption) and laravel-echo, pointed at a test node. */
import Echo from 'laravel-echo';
import { Pusher, PusherModule } from './pusher-js.js';
import type { Options } from 'pusher-js';
import type { AuthServer } from './auth-server.js';
import { TEST_APP } from './config.js';
import type { TestServer } from './server.js';

const open = new Set<{ disconnect(): void }>();

export function pusherOptions(server: TestServer, auth?: AuthServer, user: { id: string; name?: string; role?: string } = { id: 'anonymous' }): Options {
  const options: Options = {
    cluster: '',
    wsHost: server.host,
    wsPort: server.port,
    forceTLS: false,
    enabledTransports: ['ws'],
    disableStats: true,
  };
  if (auth) options.channelAuthorization = { endpoint: auth.endpoint(user), transport: 'ajax' };
  return options;
}

export function pusherClient(server: TestServer, auth?: AuthServer, user?: { id: string; name?: string; role?: string }): Pusher {
  const client = new Pusher(TEST_APP.key, pusherOptions(server, auth, user));
  open.add(client);
  return client;
}

export function echoClient(server: TestServer, auth: AuthServer, user: { id: string; name?: string }): Echo<'reverb'> {
  const echo = new Echo({
    broadcaster: 'reverb',
    key: TEST_APP.key,
    wsHost: server.host,
    wsPort: server.port,
    wssPort: server.port,
    forceTLS: false,
    enabledTransports: ['ws', 'wss'],
    authEndpoint: auth.endpoint(user),
    Pusher: PusherModule,
  });
  track(echo);
  return echo;
}

export function track<T extends { disconnect(): void }>(client: T): T {
  open.add(client);
  return client;
}

/** For afterEach: disconnects every client a test made. */
export function disconnectAll(): void {
  for (const client of open) client.disconnect();
  open.clear();
}

/** Resolves on pusher-js's subscription_succeeded for the channel, rejects on its subscription_error. */
export function subscribed(channel: { bind(event: string, cb: (data: unknown) => void): void }): Promise<unknown> {
  return new Promise((resolve, reject) => {
    channel.bind('pusher:subscription_succeeded', resolve);
    channel.bind('pusher:subscription_error', reject);
  });
}

export function connected(client: Pusher): Promise<void> {
  return new Promise((resolve) => {
    if (client.connection.state === 'connected') return resolve();
    client.connection.bind('connected', () => resolve());
  });
}

export interface WatchlistEvent {
  readonly name: string;
  readonly user_ids: string[];
}

/** pusher-js that signed in (signin()) as `user`, with every watchlist event it heard, in order. */
export interface SignedIn {
  readonly client: Pusher;
  readonly watchlist: WatchlistEvent[];
}

/**
 * Signs pusher-js in through the auth server's user endpoint and resolves
 * once its `#server-to-user-{id}` channel is subscribed (so sendToUser reaches it).
 */
export async function signedInClient(server: TestServer, auth: AuthServer, user: { id: string; watchlist?: string[] }): Promise<SignedIn> {
  const client = track(new Pusher(TEST_APP.key, { ...pusherOptions(server), userAuthentication: { endpoint: auth.userEndpoint(user), transport: 'ajax' } }));
  const watchlist: WatchlistEvent[] = [];
  for (const name of ['online', 'offline']) client.user.watchlist.bind(name, (event: WatchlistEvent) => watchlist.push(event));
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${user.id} did not get its user channel`)), 10_000);
    client.connection.bind('message', (message: { event: string; channel?: string }) => {
      if (message.event !== 'pusher_internal:subscription_succeeded' || message.channel !== `#server-to-user-${user.id}`) return;
      clearTimeout(timer);
      resolve();
    });
  });
  client.signin();
  await ready;
  return { client, watchlist };
}
