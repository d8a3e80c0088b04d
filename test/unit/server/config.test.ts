import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAppsFile } from '../../../server/config/apps-file.js';
import { readDotEnv } from '../../../server/config/dotenv.js';
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

  it('reads what Chorus adds to Reverb: sign-in timeout, subscription counts, cache channels, webhooks', () => {
    const config = loadConfig({
      CHORUS_SIGNIN_TIMEOUT: '30', CHORUS_SUBSCRIPTION_COUNT: 'true', CHORUS_CACHE_TTL: '60', CHORUS_CACHE_MAX_CHANNELS: '5',
      CHORUS_WEBHOOK_URL: 'https://app.test/pusher/webhooks', CHORUS_WEBHOOK_EVENTS: 'channel_occupied, channel_vacated',
      CHORUS_WEBHOOK_GRACE_MS: '100', CHORUS_WEBHOOK_RETRY_FOR: '10',
    });
    expect(config.apps[0]).toMatchObject({
      signinTimeout: 30, subscriptionCount: true, redisPrefix: null,
      webhooks: [{ url: 'https://app.test/pusher/webhooks', events: ['channel_occupied', 'channel_vacated'] }],
    });
    expect(config.cache).toEqual({ ttlSeconds: 60, maxChannels: 5 });
    expect(config.webhooks).toMatchObject({ graceMs: 100, retryForMs: 10_000, batchMs: 250, maxQueue: 10_000 });
    expect(loadConfig({}).apps[0]).toMatchObject({ signinTimeout: 0, subscriptionCount: false, webhooks: [] });
    expect(() => loadConfig({ CHORUS_WEBHOOK_URL: 'app.test/hooks' })).toThrow('CHORUS_WEBHOOK_URL: the url must be an http:// or https:// URL');
    expect(() => loadConfig({ CHORUS_WEBHOOK_URL: 'https://x', CHORUS_WEBHOOK_EVENTS: 'channel_occupied,typo' })).toThrow('events must be a non-empty list');
  });

  it('never creates a document by opening it, unless CHORUS_DOC_CREATE_ON_OPEN says so', () => {
    expect(loadConfig({}).documents.createOnOpen).toBe(false);
    expect(loadConfig({ CHORUS_DOC_CREATE_ON_OPEN: 'true' }).documents.createOnOpen).toBe(true);
    expect(() => loadConfig({ CHORUS_DOC_CREATE_ON_OPEN: 'sometimes' })).toThrow(/CHORUS_DOC_CREATE_ON_OPEN=sometimes is not a boolean/);
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

  it('reads Laravel\'s null, (null), empty and (true) as Laravel\'s env() does', () => {
    const config = loadConfig({ REVERB_APP_SECRET: 'null', REDIS_PASSWORD: '(null)', REVERB_SERVER_PATH: 'empty', REVERB_SCALING_ENABLED: '(true)' });
    expect(config.apps[0]?.secret).toBe(DEV_CREDENTIALS.secret);
    expect(config).toMatchObject({ pathPrefix: '', scaling: { enabled: true, redisUrl: 'redis://127.0.0.1:6379/0' } });
  });

  it('builds the Redis address from Laravel\'s REDIS_* variables when REDIS_URL is absent', () => {
    const parts = { REDIS_HOST: 'cache.internal', REDIS_PORT: '6380', REDIS_USERNAME: 'app', REDIS_PASSWORD: 'p@ss:w/rd', REDIS_DB: '2' };
    expect(loadConfig(parts).scaling.redisUrl).toBe('redis://app:p%40ss%3Aw%2Frd@cache.internal:6380/2');
    expect(loadConfig({ ...parts, REDIS_PASSWORD: 'null' }).scaling.redisUrl).toBe('redis://cache.internal:6380/2');
    expect(loadConfig({ REDIS_HOST: '::1' }).scaling.redisUrl).toBe('redis://[::1]:6379/0');
    expect(loadConfig({ ...parts, REDIS_URL: 'redis://elsewhere:6379' }).scaling.redisUrl).toBe('redis://elsewhere:6379');
    expect(loadConfig({ REDIS_URL: 'tls://secure:6380' }).scaling.redisUrl).toBe('rediss://secure:6380');
  });

  it('checks REDIS_URL only when scaling uses it, and never repeats it', () => {
    expect(() => loadConfig({ REDIS_URL: 'memcached://user:hunter2@host' })).not.toThrow();
    const error = (() => {
      try {
        loadConfig({ REVERB_SCALING_ENABLED: 'true', REDIS_URL: 'memcached://user:hunter2@host' });
      } catch (e) {
        return e as Error;
      }
    })();
    expect(error?.message).toBe('Invalid configuration: REDIS_URL is a memcached: URL; Chorus needs redis://host:port or rediss://host:port');
  });

  it('names Redis keys and channels after REVERB_SCALING_CHANNEL, unless CHORUS_REDIS_PREFIX says otherwise', () => {
    expect(loadConfig({}).scaling.prefix).toBe('chorus:');
    expect(loadConfig({ REVERB_SCALING_CHANNEL: 'shop' }).scaling.prefix).toBe('shop:');
    expect(loadConfig({ REVERB_SCALING_CHANNEL: 'shop', CHORUS_REDIS_PREFIX: 'x:' }).scaling.prefix).toBe('x:');
  });

  it('lets REVERB_MAX_REQUEST_SIZE bound the HTTP API body and each event\'s data', () => {
    expect(loadConfig({}).apps[0]).toMatchObject({ maxRequestBytes: null, maxEventBytes: 10_240 });
    expect(loadConfig({ REVERB_MAX_REQUEST_SIZE: '50000' }).apps[0]).toMatchObject({ maxRequestBytes: 50_000, maxEventBytes: 50_000 });
    expect(loadConfig({ REVERB_MAX_REQUEST_SIZE: '50000', CHORUS_MAX_EVENT_SIZE: '2000' }).apps[0]).toMatchObject({ maxRequestBytes: 50_000, maxEventBytes: 2000 });
  });

  it('refuses a DATABASE_URL it cannot use without repeating it', () => {
    expect(() => loadConfig({ DATABASE_URL: 'mysql://forge:hunter2@db:3306/forge' })).toThrow(/^Invalid configuration: DATABASE_URL is a mysql: URL, which Chorus cannot use: [^\n]*$/);
    expect(() => loadConfig({ DATABASE_URL: 'hunter2' })).toThrow('DATABASE_URL is a scheme-less URL');
    try {
      loadConfig({ DATABASE_URL: 'mysql://forge:hunter2@db:3306/forge' });
    } catch (error) {
      expect((error as Error).message).not.toContain('hunter2');
    }
  });

  it('needs the certificate for any TLS setting', () => {
    expect(loadConfig({}).tls).toBeNull();
    expect(() => loadConfig({ REVERB_TLS_LOCAL_PK: '/k.pem' })).toThrow('REVERB_TLS_LOCAL_PK and REVERB_TLS_PASSPHRASE need REVERB_TLS_LOCAL_CERT');
    expect(() => loadConfig({ REVERB_TLS_LOCAL_CERT: '/nowhere/cert.pem' })).toThrow('REVERB_TLS_LOCAL_CERT=/nowhere/cert.pem cannot be read');
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

  it('reads webhooks, subscription counts and a Redis prefix per app, none of them inherited', () => {
    const { apps, problems } = parseAppsFile(JSON.stringify({ apps: [
      { id: 'a', key: 'ka', secret: 'sa', subscriptionCount: true, redisPrefix: 'tenant-a:', webhooks: [{ url: 'https://a.test/hooks', events: ['channel_occupied'] }] },
      { id: 'b', key: 'kb', secret: 'sb' },
    ] }), { ...defaults, webhooks: [{ url: 'http://env.test', events: ['cache_miss'] }] });
    expect(problems).toEqual([]);
    expect(apps[0]).toMatchObject({ subscriptionCount: true, redisPrefix: 'tenant-a:', webhooks: [{ url: 'https://a.test/hooks', events: ['channel_occupied'] }] });
    expect(apps[1]).toMatchObject({ subscriptionCount: false, redisPrefix: null, webhooks: [] });
  });

  it('reports bad webhooks and prefixes', () => {
    const { problems } = parseAppsFile(JSON.stringify({ apps: [
      { id: 'a', key: 'ka', secret: 'sa', webhooks: [{ url: 'ftp://x' }, { url: 'https://x', events: ['nope'] }], redisPrefix: 'has space', subscriptionCount: 'yes' },
    ] }), defaults);
    expect(problems).toEqual([
      'apps[0].webhooks[0]: the url must be an http:// or https:// URL',
      expect.stringContaining('apps[0].webhooks[1]: events must be a non-empty list of channel_occupied'),
      'apps[0].subscriptionCount must be true or false',
      expect.stringContaining('apps[0].redisPrefix must be'),
    ]);
  });

  it('stops start-up with one line for a bad apps file, however many problems it has', () => {
    const dir = mkdtempSync(join(tmpdir(), 'chorus-apps-'));
    const file = join(dir, 'apps.json');
    writeFileSync(file, JSON.stringify({ apps: [{ id: 'a', key: 'k' }, { id: 'a', key: 'k', secret: 's' }] }));
    expect(() => loadConfig({ CHORUS_APPS_FILE: file })).toThrow(ConfigError);
    try {
      loadConfig({ CHORUS_APPS_FILE: file });
    } catch (error) {
      const lines = (error as Error).message.split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain('apps[0].secret is missing; two apps share the id "a"');
    }
  });

  it('refuses text that is not the expected JSON', () => {
    expect(parseAppsFile('nope', defaults).problems).toEqual(['is not valid JSON']);
    expect(parseAppsFile('{"apps":[]}', defaults).problems[0]).toContain('at least one app');
  });
});

describe('.env', () => {
  it('reads a Laravel .env: comments, quotes and export, and nothing when there is none', () => {
    const dir = mkdtempSync(join(tmpdir(), 'chorus-env-'));
    expect(readDotEnv(dir)).toEqual({});
    writeFileSync(join(dir, '.env'), [
      '# Laravel',
      'REVERB_APP_KEY=my-key   # the public one',
      'REVERB_APP_SECRET="s3cret # not a comment"',
      "export REVERB_SERVER_PORT='9000'",
      'REDIS_PASSWORD=null',
    ].join('\n'));
    const env = readDotEnv(dir);
    expect(env).toEqual({ REVERB_APP_KEY: 'my-key', REVERB_APP_SECRET: 's3cret # not a comment', REVERB_SERVER_PORT: '9000', REDIS_PASSWORD: 'null' });
    expect(loadConfig(env)).toMatchObject({ port: 9000, apps: [{ key: 'my-key', secret: 's3cret # not a comment' }] });
  });
});
