/**
 * pusher-js with forceTLS in a process of its own: Node trusts a private CA
 * only through NODE_EXTRA_CA_CERTS, read when the process starts. Prints what
 * happens as JSON lines; ends when its standard input closes.
 * Environment: CHORUS_PORT, CHORUS_KEY, CHANNELS (comma-separated), AUTH_ENDPOINT.
 */
import { Pusher } from './pusher-js.js';

const env = process.env;
const say = (line: object): void => void process.stdout.write(`${JSON.stringify(line)}\n`);

const pusher = new Pusher(env.CHORUS_KEY ?? '', {
  cluster: '',
  wsHost: '127.0.0.1',
  wssPort: Number(env.CHORUS_PORT),
  forceTLS: true,
  enabledTransports: ['ws', 'wss'],
  disableStats: true,
  channelAuthorization: { endpoint: env.AUTH_ENDPOINT ?? '', transport: 'ajax' },
});
pusher.connection.bind('connected', () => say({ connected: pusher.connection.socket_id }));
for (const name of (env.CHANNELS ?? '').split(',')) {
  const channel = pusher.subscribe(name);
  channel.bind('pusher:subscription_succeeded', () => say({ subscribed: name }));
  channel.bind('pusher:subscription_error', (error: unknown) => say({ refused: name, error }));
  channel.bind_global((event: string, data: unknown) => {
    if (!event.startsWith('pusher')) say({ channel: name, event, data });
  });
}
process.stdin.on('end', () => {
  pusher.disconnect();
  process.exit(0);
});
process.stdin.resume();
