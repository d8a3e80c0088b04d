/**
 * Encrypted channels across nodes, with the real `pusher` SDK (authorizeChannel's
 * shared_secret, trigger encrypting with the master key) and pusher-js's
 * encrypted-channel support (its Node build is pusher-js/with-encryption):
 * the server relays the ciphertext as it came, so pusher-js can open it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { privateAuth } from '../../helpers/auth.js';
import { startAuthServer, type AuthServer } from '../../helpers/auth-server.js';
import { disconnectAll, pusherClient, subscribed } from '../../helpers/clients.js';
import { useRedisCluster } from '../../helpers/fixtures.js';
import { RawClient } from '../../helpers/raw-client.js';
import { sdkFor, signedFetch } from '../../helpers/rest.js';
import { nextEvent } from '../../helpers/wait.js';

const cluster = useRedisCluster();
let auth: AuthServer | undefined;

afterEach(async () => {
  disconnectAll();
  await auth?.close();
});

describe('encrypted channels across nodes', () => {
  it('relays what the SDK encrypted through one node, untouched, to pusher-js on another, which decrypts it; cached too', async () => {
    const [one, other] = await cluster.start(2);
    auth = await startAuthServer(other!.target);
    const sdk = sdkFor(one!.target);
    await sdk.trigger('private-encrypted-cache-vault', 'opened', { secret: 'cached' });
    const client = pusherClient(other!.target, auth, { id: 'ana' });
    const cachedChannel = client.subscribe('private-encrypted-cache-vault');
    const cached = nextEvent((cb) => cachedChannel.bind('opened', cb));
    const live = client.subscribe('private-encrypted-vault');
    await subscribed(live);
    const raw = await RawClient.connect(other!.wsUrl());
    raw.subscribe('private-encrypted-vault', privateAuth(raw.socketId, 'private-encrypted-vault'));
    await raw.next('pusher_internal:subscription_succeeded');
    const decrypted = nextEvent((cb) => live.bind('opened', cb));
    await sdk.trigger('private-encrypted-vault', 'opened', { secret: 'live' });
    expect(await decrypted).toEqual({ secret: 'live' });
    expect(await cached).toEqual({ secret: 'cached' });
    const relayed = await raw.next('opened');
    expect(Object.keys(relayed.parsed as object).sort()).toEqual(['ciphertext', 'nonce']);
    expect(relayed.data).not.toContain('live');
  });

  it('refuses client events on encrypted channels, and a publish naming an encrypted channel among others', async () => {
    const [node] = await cluster.start(1);
    const client = await RawClient.connect(node!.wsUrl());
    client.subscribe('private-encrypted-vault', privateAuth(client.socketId, 'private-encrypted-vault'));
    await client.next('pusher_internal:subscription_succeeded');
    client.send({ event: 'client-peek', channel: 'private-encrypted-vault', data: {} });
    expect((await client.next('pusher:error')).parsed).toMatchObject({ code: 4306 });
    const body = JSON.stringify({ name: 'x', data: '{}', channels: ['private-encrypted-vault', 'news'] });
    expect((await signedFetch(node!.target, 'POST', '/events', { body })).status).toBe(400);
  });
});
