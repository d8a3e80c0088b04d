import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../server/config/env.js';
import type { AppConfig, Config } from '../../server/config/types.js';

export const TEST_APP = { id: 'test-app', key: 'test-key', secret: 'test-secret' } as const;

/** The master key encrypted channels' shared secrets derive from (32 bytes, base64), as a backend holds it. */
export const TEST_ENCRYPTION_KEY = Buffer.alloc(32, 7).toString('base64');
/**
 * Most tests open documents by a made-up id, the way the protocol allows when
 * CHORUS_DOC_CREATE_ON_OPEN is on (off by default). A test of the default
 * passes `CHORUS_DOC_CREATE_ON_OPEN: 'false'`.
 */
export const OPENING_CREATES = { CHORUS_DOC_CREATE_ON_OPEN: 'true' } as const;

/** A fresh SQLite database in a temporary folder. */
export function tempSqliteUrl(): string {
  return `sqlite:${join(mkdtempSync(join(tmpdir(), 'chorus-test-')), 'chorus.db')}`;
}

/** A test config: loopback, port 0, the test app, its own database, then `env` read as the environment; overrides win. */
export function makeConfig(overrides: Partial<Config> = {}, app: Partial<AppConfig> = {}, env: Record<string, string> = {}): Config {
  const base = loadConfig({
    REVERB_APP_ID: TEST_APP.id,
    REVERB_APP_KEY: TEST_APP.key,
    REVERB_APP_SECRET: TEST_APP.secret,
    DATABASE_URL: tempSqliteUrl(),
    ...OPENING_CREATES,
    ...env,
  });
  const apps = overrides.apps ?? [{ ...base.apps[0]!, ...app }];
  return { ...base, host: '127.0.0.1', port: 0, shutdownTimeoutMs: 2000, ...overrides, apps };
}
