import { describe, expect, it } from 'vitest';
import { apiRoutes } from '../../../server/http/api.js';
import { Router } from '../../../server/http/router.js';

describe('Router', () => {
  const router = new Router<string>().add('GET', '/apps/:appId/channels/:channel', 'show').add('POST', '/apps/:appId/events', 'events');

  it('matches and decodes parameters', () => {
    expect(router.match('GET', '/apps/1/channels/presence-doc.a%20b')).toEqual({ handler: 'show', params: { appId: '1', channel: 'presence-doc.a b' } });
  });

  it('tells a wrong method from a missing path', () => {
    expect(router.match('POST', '/apps/1/channels/x')).toBe('method');
    expect(router.match('GET', '/apps/1/nothing')).toBeUndefined();
    expect(router.match('GET', '/apps/1/channels/x/extra/more')).toBeUndefined();
  });

  it('keeps malformed escapes as they are', () => {
    expect(router.match('GET', '/apps/1/channels/%E0%A4%A')).toMatchObject({ params: { channel: '%E0%A4%A' } });
  });

  it('routes every Pusher and Reverb endpoint', () => {
    const routes = apiRoutes();
    for (const [method, path] of [
      ['POST', '/apps/1/events'], ['POST', '/apps/1/batch_events'], ['GET', '/apps/1/channels'],
      ['GET', '/apps/1/channels/c'], ['GET', '/apps/1/channels/c/users'],
      ['POST', '/apps/1/users/u/terminate_connections'], ['GET', '/apps/1/connections'],
    ] as const) {
      expect(routes.match(method, path), `${method} ${path}`).toMatchObject({ params: { appId: '1' } });
    }
  });
});
