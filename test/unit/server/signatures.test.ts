import Pusher from 'pusher';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { canonicalParams, verifyRestRequest } from '../../../server/auth/rest.js';
import { safeEqual, signChannel, verifyChannelAuth, verifyUserAuth, hmacHex } from '../../../server/auth/signatures.js';

const app = { id: '1', key: 'key', secret: 'secret' };
const sdk = new Pusher({ appId: app.id, key: app.key, secret: app.secret, host: '127.0.0.1' });
const requests = createRequire(import.meta.url)('pusher/lib/requests.js') as {
  createSignedQueryString(token: unknown, request: { method: string; path: string; params?: Record<string, string>; body?: string }): string;
};
const token = (sdk as unknown as { config: { token: unknown } }).config.token;

describe('channel signatures', () => {
  it('matches the pusher SDK for private channels', () => {
    const { auth } = sdk.authorizeChannel('123.456', 'private-a');
    expect(signChannel(app.key, app.secret, '123.456', 'private-a')).toBe(auth);
    expect(verifyChannelAuth(app, auth, '123.456', 'private-a')).toBe(true);
  });

  it('matches the pusher SDK for presence channels, over the exact channel_data', () => {
    const { auth, channel_data } = sdk.authorizeChannel('1.2', 'presence-a', { user_id: 'u', user_info: { name: 'Ü' } });
    expect(verifyChannelAuth(app, auth, '1.2', 'presence-a', channel_data)).toBe(true);
    expect(verifyChannelAuth(app, auth, '1.2', 'presence-a', `${channel_data} `)).toBe(false);
  });

  it('refuses wrong sockets, channels, keys and shapes', () => {
    const { auth } = sdk.authorizeChannel('1.2', 'private-a');
    expect(verifyChannelAuth(app, auth, '1.3', 'private-a')).toBe(false);
    expect(verifyChannelAuth(app, auth, '1.2', 'private-b')).toBe(false);
    expect(verifyChannelAuth({ ...app, key: 'other' }, auth, '1.2', 'private-a')).toBe(false);
    for (const bad of [undefined, 5, '', 'nocolon', 'key:', ':sig', `${auth}0`]) {
      expect(verifyChannelAuth(app, bad, '1.2', 'private-a')).toBe(false);
    }
  });

  it('verifies user authentication like the SDK signs it', () => {
    const { auth, user_data } = sdk.authenticateUser('1.2', { id: 'u1' });
    expect(verifyUserAuth(app, auth, '1.2', user_data)).toBe(true);
    expect(verifyUserAuth(app, auth, '1.3', user_data)).toBe(false);
  });

  it('compares in constant time and only equal lengths', () => {
    expect(safeEqual('abc', 'abc')).toBe(true);
    expect(safeEqual('abc', 'abd')).toBe(false);
    expect(safeEqual('abc', 'abcd')).toBe(false);
  });
});

describe('REST request signatures', () => {
  function request(method: string, path: string, params?: Record<string, string>, body?: string) {
    const query = new URLSearchParams(requests.createSignedQueryString(token, { method, path, params, body }));
    return { method, paths: [path], query, body: Buffer.from(body ?? '') };
  }

  it('accepts what the pusher SDK signs, with and without a body', () => {
    expect(verifyRestRequest(request('GET', '/apps/1/channels', { filter_by_prefix: 'presence-', info: 'user_count' }), app)).toEqual({ ok: true });
    expect(verifyRestRequest(request('POST', '/apps/1/events', undefined, '{"name":"x"}'), app)).toEqual({ ok: true });
  });

  it('refuses a changed path, method, parameter or body', () => {
    const signed = request('POST', '/apps/1/events', { info: 'user_count' }, '{"name":"x"}');
    expect(verifyRestRequest({ ...signed, paths: ['/apps/2/events'] }, app).ok).toBe(false);
    expect(verifyRestRequest({ ...signed, method: 'PUT' }, app).ok).toBe(false);
    const query = new URLSearchParams(signed.query);
    query.set('info', 'subscription_count');
    expect(verifyRestRequest({ ...signed, query }, app).ok).toBe(false);
    expect(verifyRestRequest({ ...signed, body: Buffer.from('{"name":"y"}') }, app)).toMatchObject({ ok: false, reason: expect.stringContaining('body_md5') });
  });

  it('refuses timestamps more than 600 s away, either side', () => {
    const signed = request('GET', '/apps/1/channels');
    const ts = Number(signed.query.get('auth_timestamp'));
    expect(verifyRestRequest(signed, app, ts + 600).ok).toBe(true);
    expect(verifyRestRequest(signed, app, ts + 601)).toMatchObject({ ok: false, reason: expect.stringContaining('Timestamp') });
    expect(verifyRestRequest(signed, app, ts - 601).ok).toBe(false);
  });

  it('refuses a missing signature or a wrong key', () => {
    const signed = request('GET', '/apps/1/channels');
    const noSig = new URLSearchParams(signed.query);
    noSig.delete('auth_signature');
    expect(verifyRestRequest({ ...signed, query: noSig }, app).ok).toBe(false);
    expect(verifyRestRequest(signed, { ...app, key: 'other' }).ok).toBe(false);
  });

  it('builds the canonical string with sorted, unescaped parameters', () => {
    const query = new URLSearchParams('b=2&a=x,y&auth_signature=zzz');
    expect(canonicalParams(query)).toBe('a=x,y&b=2');
    expect(hmacHex('s', 'x')).toHaveLength(64);
  });
});
