import { describe, expect, it } from 'vitest';
import { parseAppsFile } from '../../../server/config/apps-file.js';
import { DEV_CREDENTIALS, loadConfig } from '../../../server/config/env.js';
import { ConfigError } from '../../../server/config/parse.js';

describe('loadConfig', () => {
  it('applies Reverb defaults and the dev credentials', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ host: '0.0.0.0', port: 8080, pathPrefix: '', usingDevCredentials: true });
    expect(config.apps).toHaveLength(1);
    expect(config.apps[0]).toMatchObject({
      ...DEV_CREDENTIALS,
      allowedOrigins: ['*'],
      pingInterval: 60,
      activityTimeout: 30,
      maxMessageSize: 10_000,
      maxConnections: null,
      maxPresenceMembers: 100,
      maxUserInfoBytes: 1024,
      acceptClientEventsFrom: 'members',
      rateLimiting: { enabled: false, maxAttempts: 60, decaySeconds: 60, terminate: false },
    });
    expect(Object.isFrozen(config.apps[0])).toBe(true);
  });

  it('reads Reverb variable names and lets flags win', () => {
    const config = loadConfig({
      REVERB_APP_ID: 'id', REVERB_APP_KEY: 'k', REVERB_APP_SECRET: 's',
      REVERB_SERVER_HOST: '127.0.0.1', REVERB_SERVER_PORT: '9000', REVERB_SERVER_PATH: '/ws/',
      REVERB_ALLOWED_ORIGINS: 'a.com, *.b.com', REVERB_APP_MAX_CONNECTIONS: '5',
      REVERB_APP_RATE_LIMITING_ENABLED: 'true', REVERB_APP_RATE_LIMIT_MAX_ATTEMPTS: '30', REVERB_APP_RATE_LIMIT_DECAY_SECONDS: '2',
      REVERB_APP_RATE_LIMIT_TERMINATE: 'true',
    }, { port: 9100 });
    expect(config).toMatchObject({ host: '127.0.0.1', port: 9100, pathPrefix: '/ws', usingDevCredentials: false });
    expect(config.apps[0]).toMatchObject({
      id: 'id', allowedOrigins: ['a.com', '*.b.com'], maxConnections: 5,
      rateLimiting: { enabled: true, maxAttempts: 30, decaySeconds: 2, terminate: true },
    });
  });

  it('lists every invalid variable at once', () => {
    try {
      loadConfig({ REVERB_SERVER_PORT: '70000', REVERB_APP_PING_INTERVAL: 'soon', REVERB_DEBUG: 'maybe', REVERB_SERVER_PATH: 'no-slash' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const lines = (error as Error).message.split('\n');
      expect(lines).toHaveLength(4);
      expect(lines.every((l) => l.startsWith('Invalid configuration: '))).toBe(true);
      expect(lines.join('\n')).toContain('REVERB_SERVER_PORT=70000');
      expect(lines.join('\n')).toContain('REVERB_APP_PING_INTERVAL=soon');
    }
  });
});

describe('apps file', () => {
  const defaults = loadConfig({}).apps[0]!;

  it('reads several apps with per-app limits', () => {
    const { apps, problems } = parseAppsFile(JSON.stringify({ apps: [
      { id: 'a', key: 'ka', secret: 'sa', maxConnections: 10 },
      { id: 2, key: 'kb', secret: 'sb', acceptClientEventsFrom: 'none' },
    ] }), defaults);
    expect(problems).toEqual([]);
    expect(apps.map((a) => [a.id, a.maxConnections, a.acceptClientEventsFrom])).toEqual([['a', 10, 'members'], ['2', null, 'none']]);
  });

  it('reports missing credentials, duplicates and bad limits', () => {
    const { problems } = parseAppsFile(JSON.stringify({ apps: [
      { id: 'a', key: 'k' },
      { id: 'a', key: 'k', secret: 's', pingInterval: -1 },
    ] }), defaults);
    expect(problems).toEqual(expect.arrayContaining([
      'apps[0].secret is missing',
      'apps[1].pingInterval must be a non-negative number',
      'two apps share the id "a"',
      'two apps share the key "k"',
    ]));
  });

  it('reads Reverb\'s rate_limiting per app, and points an old clientEventRate to it', () => {
    const { apps, problems } = parseAppsFile(JSON.stringify({ apps: [
      { id: 'a', key: 'ka', secret: 'sa', rateLimiting: { enabled: true, maxAttempts: 5 } },
      { id: 'b', key: 'kb', secret: 'sb', clientEventRate: 10, rateLimiting: { decaySeconds: 0, terminate: 'yes' } },
    ] }), defaults);
    expect(apps[0]?.rateLimiting).toEqual({ enabled: true, maxAttempts: 5, decaySeconds: 60, terminate: false });
    expect(problems).toEqual([
      'apps[1].rateLimiting.terminate must be true or false',
      'apps[1].rateLimiting.decaySeconds must be a whole number of at least 1',
      expect.stringContaining('apps[1].clientEventRate is no longer read: use rateLimiting'),
    ]);
  });

  it('refuses text that is not the expected JSON', () => {
    expect(parseAppsFile('nope', defaults).problems).toEqual(['is not valid JSON']);
    expect(parseAppsFile('{"apps":[]}', defaults).problems[0]).toContain('at least one app');
  });
});
