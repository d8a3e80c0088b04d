/**
 * wss:// and https:// straight from Chorus, with a certificate named by
 * Reverb-style variables: pusher-js with forceTLS and the `pusher` SDK over
 * https, both trusting a self-signed certificate made for the test.
 */
import { Agent } from 'node:https';
import Pusher from 'pusher';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startAuthServer, type AuthServer } from '../helpers/auth-server.js';
import { makeCertificate, type TestCertificate } from '../helpers/certificate.js';
import { TEST_APP } from '../helpers/config.js';
import { runNode, startNodeProcess, type NodeProcess } from '../helpers/process.js';
import { startPusherJsOverTls, type PusherJsProcess } from '../helpers/pusher-js-process.js';
import { closeAllServers, startServer } from '../helpers/server.js';

let cert: TestCertificate;
const nodes: NodeProcess[] = [];
const clients: PusherJsProcess[] = [];
let auth: AuthServer | undefined;

beforeAll(() => {
  cert = makeCertificate();
});

afterEach(async () => {
  for (const client of clients.splice(0)) client.stop();
  for (const node of nodes.splice(0)) if (node.child.exitCode === null) node.child.kill('SIGKILL');
  await auth?.close();
  auth = undefined;
  await closeAllServers();
});

/** The `pusher` SDK over https, trusting the test certificate. */
function httpsSdk(port: number): Pusher {
  return new Pusher({
    appId: TEST_APP.id, key: TEST_APP.key, secret: TEST_APP.secret,
    host: '127.0.0.1', port: String(port), useTLS: true, agent: new Agent({ ca: cert.pem }),
  });
}

describe('TLS from Chorus itself', () => {
  it('serves pusher-js (forceTLS) over wss:// and the pusher SDK over https:// with REVERB_TLS_LOCAL_CERT and _PK', async () => {
    const node = await startNodeProcess({ REVERB_TLS_LOCAL_CERT: cert.certPath, REVERB_TLS_LOCAL_PK: cert.keyPath });
    nodes.push(node);
    expect(node.output()).toContain(`"url":"https://127.0.0.1:${node.port}"`);
    expect(node.output()).toContain(`"websocket":"wss://127.0.0.1:${node.port}/app/{key}"`);
    auth = await startAuthServer({ host: '127.0.0.1', port: node.port });
    const client = startPusherJsOverTls({
      port: node.port, key: TEST_APP.key, channels: ['orders', 'private-inbox'], authEndpoint: auth.endpoint({ id: 'ana' }), caFile: cert.certPath,
    });
    clients.push(client);
    await client.next((line) => line.subscribed === 'orders');
    await client.next((line) => line.subscribed === 'private-inbox');

    const sdk = httpsSdk(node.port);
    await sdk.trigger(['orders', 'private-inbox'], 'shipped', { id: 7 });
    for (const channel of ['orders', 'private-inbox']) {
      const got = await client.next((line) => line.channel === channel && line.event === 'shipped');
      expect(got.data).toEqual({ id: 7 });
    }
    const info = await sdk.get({ path: '/channels/orders', params: { info: 'subscription_count' } });
    expect(await info.json()).toEqual({ occupied: true, subscription_count: 1 });
  });

  it.each([
    ['a certificate file that holds the key too (REVERB_TLS_LOCAL_CERT alone)', () => ({ REVERB_TLS_LOCAL_CERT: cert.combinedPath })],
    ['an encrypted key with REVERB_TLS_PASSPHRASE', () => ({
      REVERB_TLS_LOCAL_CERT: cert.certPath, REVERB_TLS_LOCAL_PK: cert.encryptedKeyPath, REVERB_TLS_PASSPHRASE: cert.passphrase,
    })],
  ])('takes %s', async (_what, env) => {
    const server = await startServer({}, {}, { env: env() });
    const response = await httpsSdk(server.port).trigger('orders', 'shipped', {});
    expect(response.status).toBe(200);
  });

  it('refuses a key it cannot open at start, in one line that never shows the passphrase', async () => {
    const run = runNode(['start', '--port', '0'], {
      REVERB_TLS_LOCAL_CERT: cert.certPath, REVERB_TLS_LOCAL_PK: cert.encryptedKeyPath, REVERB_TLS_PASSPHRASE: 'wrong-passphrase-42',
    });
    expect((await run.exited()).code).toBe(1);
    const lines = run.output().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Invalid configuration: REVERB_TLS_LOCAL_CERT=.*cert\.pem with REVERB_TLS_LOCAL_PK=.*key-encrypted\.pem cannot be used: /);
    expect(run.output()).not.toContain('wrong-passphrase-42');
  });
});
