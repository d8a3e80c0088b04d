import { readFileSync } from 'node:fs';
import Echo from 'laravel-echo';
import { Pusher } from '../helpers/pusher-js.js';
import { describe, expect, it } from 'vitest';
import type { AuthServer } from '../helpers/auth-server.js';
import { useServerAndAuth } from '../helpers/fixtures.js';
import { echoClient, track } from '../helpers/clients.js';
import { TEST_APP } from '../helpers/config.js';
import { sdkFor } from '../helpers/rest.js';
import { type TestServer } from '../helpers/server.js';
import { nextEvent, waitFor } from '../helpers/wait.js';

let server: TestServer;
let auth: AuthServer;
useServerAndAuth((s, a) => {
  server = s;
  auth = a;
});

/** Runs the `echo-config` block of docs/laravel-echo.md as written, with a Vite-like env. */
function echoFromDocs(env: Record<string, string>): Echo<'reverb'> {
  const markdown = readFileSync(new URL('../../docs/laravel-echo.md', import.meta.url), 'utf8');
  const block = /```js echo-config\n([\s\S]*?)```/.exec(markdown)?.[1];
  if (!block) throw new Error('docs/laravel-echo.md has no echo-config block');
  const body = block
    .split('\n')
    .filter((line) => !line.startsWith('import '))
    .join('\n')
    .replaceAll('import.meta.env', 'env')
    .replaceAll('window.', 'globalThis.window.');
  // Echo finds Pusher on the global `window`, as in a browser.
  const scope: { Echo?: Echo<'reverb'>; Pusher?: unknown } = {};
  const globals = globalThis as { window?: unknown };
  globals.window = scope;
  try {
    new Function('Echo', 'Pusher', 'env', body)(Echo, Pusher, env);
  } finally {
    delete globals.window;
  }
  return track(scope.Echo!);
}

describe('laravel-echo (broadcaster reverb) against Chorus', () => {
  it('runs the exact configuration from docs/laravel-echo.md', async () => {
    const echo = echoFromDocs({
      VITE_REVERB_APP_KEY: TEST_APP.key,
      VITE_REVERB_HOST: server.host,
      VITE_REVERB_PORT: String(server.port),
      VITE_REVERB_SCHEME: 'http',
      VITE_BROADCAST_AUTH_ENDPOINT: auth.endpoint({ id: 'docs-user' }),
    });
    const received = nextEvent((cb) => echo.channel('orders').listen('.order.shipped', cb));
    await waitFor(() => server.node.channels.for(server.app.id).find('orders'), { what: 'subscription' });
    await sdkFor(server).trigger('orders', 'order.shipped', { id: 3 });
    expect(await received).toEqual({ id: 3 });
    const privateOk = nextEvent((cb) => echo.private('inbox').subscribed(() => cb(true)));
    expect(await privateOk).toBe(true);
  });

  it('listens with the App.Events namespace like a Laravel broadcast event', async () => {
    const echo = echoClient(server, auth, { id: 'u1' });
    const received = nextEvent((cb) => echo.channel('orders').listen('OrderShipped', cb));
    await waitFor(() => server.node.channels.for(server.app.id).find('orders'), { what: 'subscription' });
    await sdkFor(server).trigger('orders', 'App\\Events\\OrderShipped', { order: 9 });
    expect(await received).toEqual({ order: 9 });
  });

  it('calls .error() when a private channel is refused', async () => {
    const echo = echoClient(server, { ...auth, endpoint: () => `${auth.url}?deny=1` }, { id: 'u1' });
    const error = await nextEvent((cb) => echo.private('secret').error(cb));
    expect(error).toBeTruthy();
  });

  it('joins a presence channel with here, joining, leaving, whisper and leave', async () => {
    const ana = echoClient(server, auth, { id: 'ana', name: 'Ana' });
    const here = nextEvent<{ id: string }[]>((cb) => ana.join('room.1').here(cb));
    expect((await here).map((u) => u.id)).toEqual(['ana']);

    const joining = nextEvent<{ id: string; name: string }>((cb) => ana.join('room.1').joining(cb));
    const bo = echoClient(server, auth, { id: 'bo', name: 'Bo' });
    const boHere = nextEvent<{ id: string }[]>((cb) => bo.join('room.1').here(cb));
    expect((await boHere).map((u) => u.id).sort()).toEqual(['ana', 'bo']);
    expect(await joining).toMatchObject({ id: 'bo', name: 'Bo' });

    const typing = nextEvent<{ name: string }>((cb) => ana.join('room.1').listenForWhisper('typing', cb));
    bo.join('room.1').whisper('typing', { name: 'Bo' });
    expect(await typing).toEqual({ name: 'Bo' });

    const leaving = nextEvent<{ id: string }>((cb) => ana.join('room.1').leaving(cb));
    bo.leave('room.1');
    expect((await leaving).id).toBe('bo');
  });
});
