import Echo from 'laravel-echo';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { disconnectAll, track } from '../helpers/clients.js';
import { TEST_APP } from '../helpers/config.js';
import { createDoc, demoFetch, shareLinks, signIn as demoSignIn, type DemoPerson } from '../helpers/demo.js';
import { PusherModule } from '../helpers/pusher-js.js';
import { closeAllServers, startServer, type TestServer } from '../helpers/server.js';
import { nextEvent } from '../helpers/wait.js';

let server: TestServer;

beforeEach(async () => {
  server = await startServer();
});

afterEach(async () => {
  disconnectAll();
  await closeAllServers();
});

const signIn = (name: string, color?: string): Promise<DemoPerson> => demoSignIn(server, name, color);

/** Echo exactly as a Laravel page configures it, with its default authorizer and a bearer token. */
function echoFor(token: string | undefined, params: Record<string, string> = {}): Echo<'reverb'> {
  return track(new Echo({
    broadcaster: 'reverb',
    key: TEST_APP.key,
    wsHost: server.host,
    wsPort: server.port,
    forceTLS: false,
    enabledTransports: ['ws'],
    authEndpoint: `${server.httpUrl}/broadcasting/auth`,
    auth: { headers: {}, params },
    ...(token ? { bearerToken: token } : {}),
    Pusher: PusherModule,
  }));
}

async function authRequest(body: Record<string, string>, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${server.httpUrl}/broadcasting/auth`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(body).toString(),
  });
}

describe('POST /broadcasting/auth', () => {
  it('lets the owner of a document join it as an editor through Echo\'s default authorizer', async () => {
    const ana = await signIn('Ana');
    const docId = await createDoc(server, ana);
    const echo = echoFor(ana.token);
    const here = await nextEvent<{ name: string; role: string; color: string }[]>((cb) => echo.join(`doc.${docId}`).here(cb));
    expect(here).toEqual([expect.objectContaining({ name: 'Ana', role: 'editor', color: '#3366ff' })]);
  });

  it('grants the role of a share link, and refuses a token for another document', async () => {
    const ana = await signIn('Ana');
    const docId = await createDoc(server, ana);
    const links = await shareLinks(server, ana, docId);
    const bo = await signIn('Bo');
    const viewer = echoFor(bo.token, { share: links.viewer });
    const here = await nextEvent<{ role: string }[]>((cb) => viewer.join(`doc.${docId}`).here(cb));
    expect(here[0]?.role).toBe('viewer');
    const wrongDoc = echoFor(bo.token, { share: links.viewer });
    const error = await nextEvent((cb) => wrongDoc.join('doc.other').error(cb));
    expect(error).toBeTruthy();
  });

  it('answers form and JSON bodies with { auth, channel_data } signed for that socket', async () => {
    const docId = await createDoc(server, await signIn('Ana'));
    const { cookie } = await signIn('Cy');
    const form = await authRequest({ socket_id: '1.2', channel_name: `presence-doc.${docId}` }, { cookie });
    const body = (await form.json()) as { auth: string; channel_data: string };
    expect(body.auth).toMatch(/^test-key:[0-9a-f]{64}$/);
    // Not the owner, no share link: a viewer.
    expect(JSON.parse(body.channel_data)).toMatchObject({ user_info: { name: 'Cy', role: 'viewer' } });
    const json = await demoFetch(server, 'POST', '/broadcasting/auth', { cookie, body: { socket_id: '1.2', channel_name: `presence-doc.${docId}` } });
    expect(json.status).toBe(200);
  });

  it('signs no subscription to a document that does not exist, so opening one creates nothing', async () => {
    const { cookie } = await signIn('Cy');
    expect((await authRequest({ socket_id: '1.2', channel_name: 'presence-doc.made-up' }, { cookie })).status).toBe(403);
    expect(await server.node.store.info({ appId: server.app.id, docId: 'made-up' })).toBeUndefined();
  });

  it('refuses without a session (403), a forged session (403), unknown channels (403) and bad input (400)', async () => {
    expect((await authRequest({ socket_id: '1.2', channel_name: 'presence-doc.x' })).status).toBe(403);
    expect((await authRequest({ socket_id: '1.2', channel_name: 'presence-doc.x' }, { authorization: 'Bearer eyJpZCI6ImFkbWluIn0.00' })).status).toBe(403);
    const { cookie } = await signIn('Dee');
    expect((await authRequest({ socket_id: '1.2', channel_name: 'private-payroll' }, { cookie })).status).toBe(403);
    expect((await authRequest({ socket_id: 'abc', channel_name: 'presence-doc.x' }, { cookie })).status).toBe(400);
    expect((await authRequest({ socket_id: '1.2', channel_name: 'public' }, { cookie })).status).toBe(400);
  });

  it('refuses invalid sign-in names and colours', async () => {
    for (const body of [{ name: '', color: '#000000' }, { name: 'x'.repeat(41), color: '#000000' }, { name: 'Ok', color: 'red' }]) {
      const response = await demoFetch(server, 'POST', '/demo/session', { body });
      expect(response.status).toBe(400);
    }
  });
});
