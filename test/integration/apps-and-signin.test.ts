import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config/env.js';
import { hmacHex } from '../../server/auth/signatures.js';
import { RawClient } from '../helpers/raw-client.js';
import { sdkFor } from '../helpers/rest.js';
import { closeAllServers, startServer } from '../helpers/server.js';

afterEach(closeAllServers);

const ALPHA = { id: 'alpha', key: 'alpha-key', secret: 'alpha-secret' };
const BETA = { id: 'beta', key: 'beta-key', secret: 'beta-secret' };

describe('several apps on one node', () => {
  it('keeps channels, events and credentials of each app apart', async () => {
    const defaults = loadConfig({}).apps[0]!;
    const server = await startServer({ apps: [{ ...defaults, ...ALPHA }, { ...defaults, ...BETA, maxConnections: 1 }] });
    const alpha = await RawClient.connect(server.wsUrl(ALPHA.key));
    const beta = await RawClient.connect(server.wsUrl(BETA.key));
    for (const client of [alpha, beta]) {
      client.subscribe('news');
      await client.next('pusher_internal:subscription_succeeded');
    }
    await sdkFor(server, ALPHA).trigger('news', 'only-alpha', {});
    await alpha.next('only-alpha');
    await sdkFor(server, BETA).trigger('news', 'only-beta', {});
    await beta.next('only-beta');
    expect(alpha.all('only-beta')).toHaveLength(0);
    expect(beta.all('only-alpha')).toHaveLength(0);
    // alpha's secret does not sign for beta's API
    await expect(sdkFor(server, { ...BETA, secret: ALPHA.secret }).trigger('news', 'x', {})).rejects.toMatchObject({ status: 401 });
    // the quota is per app
    const secondBeta = await RawClient.open(server.wsUrl(BETA.key));
    expect((await secondBeta.waitClosed()).code).toBe(4004);
    alpha.close();
    beta.close();
  });
});

describe('user authentication (pusher:signin)', () => {
  function signin(client: RawClient, user: object, secret = 'test-secret'): void {
    const userData = JSON.stringify(user);
    client.send({ event: 'pusher:signin', data: { user_data: userData, auth: `test-key:${hmacHex(secret, `${client.socketId}::user::${userData}`)}` } });
  }

  it('signs a user in, and terminate_connections closes that user', async () => {
    const server = await startServer();
    const client = await RawClient.connect(server.wsUrl());
    signin(client, { id: 'u7', name: 'Seven' });
    const ok = await client.next('pusher:signin_success');
    expect(JSON.parse((ok.parsed as { user_data: string }).user_data)).toEqual({ id: 'u7', name: 'Seven' });
    await sdkFor(server).terminateUserConnections('u7');
    expect((await client.waitClosed()).code).toBe(4009);
  });

  it('refuses a bad signature with 4307 and keeps the socket', async () => {
    const server = await startServer();
    const client = await RawClient.connect(server.wsUrl());
    signin(client, { id: 'u7' }, 'wrong');
    expect((await client.next('pusher:error')).parsed).toMatchObject({ code: 4307 });
    await sdkFor(server).terminateUserConnections('u7');
    client.send({ event: 'pusher:ping', data: {} });
    await client.next('pusher:pong');
    client.close();
  });
});
