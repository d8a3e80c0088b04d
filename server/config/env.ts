/**
 * The only reader of process.env. Uses Laravel Reverb's variable names so one
 * .env serves a Laravel app and Chorus. Returns a frozen Config or throws a
 * ConfigError listing every problem.
 */
import { readFileSync } from 'node:fs';
import { DEFAULT_MAX_CHANNEL_NAME_LENGTH } from '../../shared/pusher/channels.js';
import { parseAppsFile } from './apps-file.js';
import { readDotEnv } from './dotenv.js';
import { ConfigError, EnvReader, type Env } from './parse.js';
import { readScalingConfig } from './scaling.js';
import { readTlsConfig } from './tls.js';
import type { AppConfig, AppDefaults, CacheConfig, Config, DocumentsConfig } from './types.js';
import { schemeOf } from './urls.js';
import { readDemoConfig } from './demo-env.js';
import { readWebhookSettings, readWebhookTargets } from './webhooks.js';

export const DEV_CREDENTIALS = { id: 'chorus', key: 'chorus-key', secret: 'chorus-secret' } as const;

/** Command-line flags win over the environment. */
export interface ConfigOverrides {
  host?: string;
  port?: number;
  debug?: boolean;
}

/** What Chorus runs with: the working directory's .env, under the real environment variables. */
export function environment(dir: string = process.cwd()): Env {
  return { ...readDotEnv(dir), ...process.env };
}

export function loadConfig(env: Env, overrides: ConfigOverrides = {}): Config {
  const read = new EnvReader(env);
  const debug = overrides.debug ?? read.boolean('REVERB_DEBUG', false);
  const production = read.string('NODE_ENV', 'development') === 'production';
  const defaults = readAppDefaults(read);
  const appsFile = read.raw('CHORUS_APPS_FILE');
  const apps = appsFile ? readAppsFile(appsFile, defaults, read) : [singleApp(read, defaults)];
  const usingDevCredentials = !appsFile && apps.some((a) => a.secret === DEV_CREDENTIALS.secret);
  const config: Config = {
    host: overrides.host ?? read.string('REVERB_SERVER_HOST', '0.0.0.0'),
    port: overrides.port ?? read.number('REVERB_SERVER_PORT', 8080, { max: 65535, integer: true }),
    tls: readTlsConfig(read),
    pathPrefix: read.pathPrefix('REVERB_SERVER_PATH'),
    debug,
    production,
    logLevel: debug ? 'debug' : read.oneOf('CHORUS_LOG_LEVEL', ['debug', 'info', 'warn', 'error'], 'info'),
    logFormat: read.oneOf('CHORUS_LOG_FORMAT', ['json', 'pretty'], production ? 'json' : 'pretty'),
    maxChannelNameLength: read.number('CHORUS_MAX_CHANNEL_NAME_LENGTH', DEFAULT_MAX_CHANNEL_NAME_LENGTH, { min: 1, integer: true }),
    shutdownTimeoutMs: read.number('CHORUS_SHUTDOWN_TIMEOUT', 10, { min: 0 }) * 1000,
    restartSpreadMs: read.number('CHORUS_RESTART_SPREAD_MS', 5000, { min: 0, max: 600_000, integer: true }),
    maxBufferedBytes: read.number('CHORUS_MAX_BUFFERED_BYTES', 16 * 1024 * 1024, { min: 1024, integer: true }),
    documents: readDocumentsConfig(read),
    budgets: {
      maxConnections: read.number('CHORUS_MAX_CONNECTIONS', 20_000, { min: 0, integer: true }) || null,
      maxChannelsPerConnection: read.number('CHORUS_MAX_CHANNELS_PER_CONNECTION', 100, { min: 1, integer: true }),
      apiRequestsPerSecond: read.number('CHORUS_API_RATE', 1000, { min: 0 }),
    },
    metricsToken: read.string('CHORUS_METRICS_TOKEN', '') || undefined,
    scaling: readScalingConfig(read),
    cache: readCacheConfig(read),
    webhooks: readWebhookSettings(read),
    usingDevCredentials,
    demo: readDemoConfig(read, production),
    apps,
  };
  if (production && apps.some((a) => a.secret === DEV_CREDENTIALS.secret)) {
    read.problems.push('NODE_ENV=production with the built-in development credentials: set REVERB_APP_ID, REVERB_APP_KEY and REVERB_APP_SECRET');
  }
  if (read.problems.length > 0) throw new ConfigError(read.problems);
  return deepFreeze(config);
}

function readAppDefaults(read: EnvReader): AppDefaults {
  return {
    allowedOrigins: read.list('REVERB_ALLOWED_ORIGINS', ['*']),
    pingInterval: read.number('REVERB_APP_PING_INTERVAL', 60, { min: 0.05 }),
    activityTimeout: read.number('REVERB_APP_ACTIVITY_TIMEOUT', 30, { min: 1, integer: true }),
    maxMessageSize: read.number('REVERB_APP_MAX_MESSAGE_SIZE', 10_000, { min: 100, integer: true }),
    maxConnections: read.limit('REVERB_APP_MAX_CONNECTIONS'),
    maxPresenceMembers: read.number('REVERB_APP_MAX_PRESENCE_MEMBERS', 100, { min: 1, integer: true }),
    maxUserInfoBytes: read.number('REVERB_APP_MAX_USER_INFO_SIZE', 1024, { min: 16, integer: true }),
    acceptClientEventsFrom: read.oneOf('REVERB_APP_ACCEPT_CLIENT_EVENTS_FROM', ['members', 'all', 'none'], 'members'),
    rateLimiting: {
      enabled: read.boolean('REVERB_APP_RATE_LIMITING_ENABLED', false),
      maxAttempts: read.number('REVERB_APP_RATE_LIMIT_MAX_ATTEMPTS', 60, { min: 1, integer: true }),
      decaySeconds: read.number('REVERB_APP_RATE_LIMIT_DECAY_SECONDS', 60, { min: 1, integer: true }),
      terminate: read.boolean('REVERB_APP_RATE_LIMIT_TERMINATE', false),
    },
    frameFloodRate: read.number('CHORUS_MAX_FRAMES_PER_SECOND', 200, { min: 0 }),
    ...readRequestLimits(read),
    maxChannelsPerEvent: read.number('CHORUS_MAX_CHANNELS_PER_EVENT', 100, { min: 1, integer: true }),
    maxBatchSize: read.number('CHORUS_MAX_BATCH_SIZE', 10, { min: 1, integer: true }),
    signinTimeout: read.number('CHORUS_SIGNIN_TIMEOUT', 0, { min: 0 }),
    subscriptionCount: read.boolean('CHORUS_SUBSCRIPTION_COUNT', false),
    webhooks: readWebhookTargets(read),
    redisPrefix: null,
  };
}

/** Pusher keeps a cache channel's last event up to 30 minutes. */
function readCacheConfig(read: EnvReader): CacheConfig {
  return {
    ttlSeconds: read.number('CHORUS_CACHE_TTL', 1800, { min: 1, integer: true }),
    maxChannels: read.number('CHORUS_CACHE_MAX_CHANNELS', 10_000, { min: 1, integer: true }),
  };
}

/**
 * Reverb has one HTTP limit, REVERB_MAX_REQUEST_SIZE, on the whole request; Chorus
 * also limits each event's data (Pusher's 10 KB). Set, it bounds the body and
 * lets an event's data be as large, so events Reverb took still pass.
 */
function readRequestLimits(read: EnvReader): Pick<AppDefaults, 'maxEventBytes' | 'maxRequestBytes'> {
  const maxRequestBytes = read.raw('REVERB_MAX_REQUEST_SIZE') === undefined ? null
    : read.number('REVERB_MAX_REQUEST_SIZE', 10_000, { min: 100, integer: true });
  return {
    maxEventBytes: read.number('CHORUS_MAX_EVENT_SIZE', maxRequestBytes ?? 10_240, { min: 100, integer: true }),
    maxRequestBytes,
  };
}

function readDocumentsConfig(read: EnvReader): DocumentsConfig {
  const databaseUrl = read.string('DATABASE_URL', 'sqlite:./data/chorus.db');
  if (!/^(sqlite:.+|postgres(ql)?:\/\/.+)$/.test(databaseUrl)) {
    read.problems.push(`DATABASE_URL is a ${schemeOf(databaseUrl)} URL, which Chorus cannot use: it stores documents in SQLite `
      + '(sqlite:<path>; unset, sqlite:./data/chorus.db) or PostgreSQL (postgres://user:password@host:5432/database); '
      + 'give Chorus one of those (a real environment variable wins over .env)');
  }
  return {
    databaseUrl,
    eventRate: read.number('CHORUS_DOC_EVENT_RATE', 100, { min: 1 }),
    maxMembers: read.number('CHORUS_DOC_MAX_MEMBERS', 2000, { min: 1, integer: true }),
    flushDelayMs: read.number('CHORUS_DOC_FLUSH_DELAY_MS', 200, { min: 0, integer: true }),
    flushMaxDelayMs: read.number('CHORUS_DOC_FLUSH_MAX_DELAY_MS', 800, { min: 0, max: 1000, integer: true }),
    compactAfterRows: read.number('CHORUS_DOC_COMPACT_AFTER', 100, { min: 2, integer: true }),
    awarenessIntervalMs: read.number('CHORUS_AWARENESS_INTERVAL_MS', 50, { min: 0, integer: true }),
    awarenessDeliveryRate: read.number('CHORUS_AWARENESS_DELIVERY_RATE', 20_000, { min: 1, integer: true }),
    shutdownStoreTimeoutMs: read.number('CHORUS_DOC_SHUTDOWN_STORE_TIMEOUT_MS', 10_000, { min: 0, integer: true }),
    maxAwarenessIdsPerMember: read.number('CHORUS_DOC_MAX_AWARENESS_IDS', 4, { min: 1, integer: true }),
    partTimeoutMs: read.number('CHORUS_DOC_PART_TIMEOUT_MS', 60_000, { min: 1000, integer: true }),
    maxDocumentsPerApp: read.number('CHORUS_DOC_MAX_PER_APP', 100_000, { min: 1, integer: true }),
    maxDocumentBytes: read.number('CHORUS_DOC_MAX_BYTES', 256 * 1024 * 1024, { min: 1024, integer: true }),
    createPerMinute: read.number('CHORUS_DOC_CREATE_RATE', 60, { min: 1 }),
    createOnOpen: read.boolean('CHORUS_DOC_CREATE_ON_OPEN', false),
    versionQuietMs: read.number('CHORUS_VERSION_QUIET_MS', 5 * 60_000, { min: 100, integer: true }),
    versionStretchMs: read.number('CHORUS_VERSION_STRETCH_MS', 30 * 60_000, { min: 1000, integer: true }),
    maxNamedVersions: read.number('CHORUS_DOC_MAX_NAMED_VERSIONS', 100, { min: 1, integer: true }),
    maxAutoVersions: read.number('CHORUS_DOC_MAX_AUTO_VERSIONS', 100, { min: 1, integer: true }),
    maxVersionBytes: read.number('CHORUS_DOC_MAX_VERSION_BYTES', 128 * 1024 * 1024, { min: 1024, integer: true }),
  };
}

function singleApp(read: EnvReader, defaults: AppDefaults): AppConfig {
  return {
    ...defaults,
    id: read.string('REVERB_APP_ID', DEV_CREDENTIALS.id),
    key: read.string('REVERB_APP_KEY', DEV_CREDENTIALS.key),
    secret: read.string('REVERB_APP_SECRET', DEV_CREDENTIALS.secret),
  };
}

function readAppsFile(path: string, defaults: AppDefaults, read: EnvReader): AppConfig[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    read.problems.push(`CHORUS_APPS_FILE=${path} cannot be read (${(error as Error).message})`);
    return [];
  }
  const { apps, problems } = parseAppsFile(text, defaults);
  // One line, however many problems: the file is wrong as a whole.
  if (problems.length > 0) read.problems.push(`CHORUS_APPS_FILE=${path}: ${problems.join('; ')}`);
  return apps;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
