import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../server/config/env.js';
import { ConfigError } from '../../../server/config/parse.js';

const REAL = { REVERB_APP_ID: 'id', REVERB_APP_KEY: 'key', REVERB_APP_SECRET: 'a-long-random-secret' };

function problemsOf(env: Record<string, string>): readonly string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('the demo app\'s configuration', () => {
  it('is on for development and off under NODE_ENV=production unless CHORUS_DEMO says otherwise', () => {
    expect(loadConfig({}).demo.enabled).toBe(true);
    expect(loadConfig({ CHORUS_DEMO: 'off' }).demo.enabled).toBe(false);
    expect(loadConfig({ ...REAL, NODE_ENV: 'production' }).demo.enabled).toBe(false);
    expect(loadConfig({ ...REAL, NODE_ENV: 'production', CHORUS_DEMO: 'on' }).demo.enabled).toBe(true);
  });

  it('has week-long share links, no trusted proxy and cookies Secure only over TLS, by default', () => {
    expect(loadConfig({}).demo).toEqual({ enabled: true, shareLinkTtlSeconds: 7 * 24 * 3600, trustedProxies: [], secureCookies: false });
    expect(loadConfig({ CHORUS_SHARE_LINK_TTL: '3600', CHORUS_TRUSTED_PROXIES: '127.0.0.1, ::1', CHORUS_COOKIE_SECURE: 'true' }).demo)
      .toEqual({ enabled: true, shareLinkTtlSeconds: 3600, trustedProxies: ['127.0.0.1', '::1'], secureCookies: true });
  });

  it('refuses bad values, naming the variable', () => {
    expect(problemsOf({ CHORUS_DEMO: 'maybe', CHORUS_SHARE_LINK_TTL: '5', CHORUS_TRUSTED_PROXIES: 'nginx.local' })).toEqual([
      'CHORUS_TRUSTED_PROXIES: nginx.local is not an IP address',
      'CHORUS_DEMO=maybe is not a boolean (true/false)',
      expect.stringMatching(/^CHORUS_SHARE_LINK_TTL=5 is not a whole number between 60 and/),
    ]);
  });
});

describe('a production start', () => {
  it('is refused with the development credentials, in one problem that says what to set', () => {
    expect(problemsOf({ NODE_ENV: 'production' })).toEqual([
      'NODE_ENV=production with the built-in development credentials: set REVERB_APP_ID, REVERB_APP_KEY and REVERB_APP_SECRET',
    ]);
    expect(problemsOf({ NODE_ENV: 'production', REVERB_APP_ID: 'id', REVERB_APP_KEY: 'key' })).toHaveLength(1);
    expect(problemsOf({ ...REAL, NODE_ENV: 'production' })).toEqual([]);
  });
});

describe('configuration errors', () => {
  it('never show a database or Redis password', () => {
    const problems = problemsOf({ DATABASE_URL: 'mysql://chorus:hunter2@db/chorus', REDIS_URL: 'http://:hunter2@cache:6379', REVERB_SCALING_ENABLED: 'true' });
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^DATABASE_URL is a mysql: URL/);
    expect(problems[1]).toMatch(/^REDIS_URL is a http: URL/);
    expect(new ConfigError(problems).message).not.toContain('hunter2');
  });
});
