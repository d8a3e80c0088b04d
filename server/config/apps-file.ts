/**
 * Several apps on one node, from a JSON file: `{ "apps": [{ "id", "key", "secret", ...limits }] }`.
 * Limits an entry omits fall back to the environment's values; webhooks do
 * not (each app's receiver checks that app's signatures), nor does the Redis prefix.
 */
import { isPlainObject } from '../../shared/pusher/frames.js';
import type { AppConfig, AppDefaults, RateLimiting } from './types.js';
import { parseWebhookTargets } from './webhooks.js';

const NUMERIC_FIELDS = [
  'pingInterval', 'activityTimeout', 'maxMessageSize', 'maxPresenceMembers', 'maxUserInfoBytes',
  'frameFloodRate', 'maxEventBytes', 'maxChannelsPerEvent', 'maxBatchSize', 'maxRequestBytes', 'signinTimeout',
] as const;

export function parseAppsFile(text: string, defaults: AppDefaults): { apps: AppConfig[]; problems: string[] } {
  const problems: string[] = [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { apps: [], problems: ['is not valid JSON'] };
  }
  const entries = isPlainObject(parsed) && Array.isArray(parsed.apps) ? parsed.apps : undefined;
  if (!entries || entries.length === 0) return { apps: [], problems: ['must hold { "apps": [ ... ] } with at least one app'] };
  const apps = entries.map((entry, index) => parseApp(entry, index, defaults, problems));
  for (const field of ['id', 'key'] as const) {
    const seen = new Set<string>();
    for (const app of apps) {
      if (seen.has(app[field])) problems.push(`two apps share the ${field} "${app[field]}"`);
      seen.add(app[field]);
    }
  }
  return { apps, problems };
}

function parseApp(entry: unknown, index: number, defaults: AppDefaults, problems: string[]): AppConfig {
  const where = `apps[${index}]`;
  const source = isPlainObject(entry) ? entry : {};
  if (!isPlainObject(entry)) problems.push(`${where} is not an object`);
  const text = (field: 'id' | 'key' | 'secret'): string => {
    const value = source[field];
    if (typeof value === 'string' && value.length > 0) return value;
    if (typeof value === 'number') return String(value);
    problems.push(`${where}.${field} is missing`);
    return '';
  };
  const app: Record<string, unknown> = { ...defaults, id: text('id'), key: text('key'), secret: text('secret') };
  for (const field of NUMERIC_FIELDS) {
    const value = source[field];
    if (value === undefined) continue;
    if (typeof value === 'number' && Number.isFinite(value) && value >= 0) app[field] = value;
    else problems.push(`${where}.${field} must be a non-negative number`);
  }
  if (source.maxConnections !== undefined) {
    const value = source.maxConnections;
    if (value === null || (typeof value === 'number' && Number.isInteger(value) && value > 0)) app.maxConnections = value;
    else problems.push(`${where}.maxConnections must be a positive whole number or null`);
  }
  if (source.allowedOrigins !== undefined) {
    if (Array.isArray(source.allowedOrigins) && source.allowedOrigins.every((o) => typeof o === 'string')) {
      app.allowedOrigins = source.allowedOrigins;
    } else problems.push(`${where}.allowedOrigins must be a list of strings`);
  }
  if (source.rateLimiting !== undefined) app.rateLimiting = parseRateLimiting(source.rateLimiting, defaults.rateLimiting, `${where}.rateLimiting`, problems);
  if (source.clientEventRate !== undefined) {
    problems.push(`${where}.clientEventRate is no longer read: use rateLimiting { enabled, maxAttempts, decaySeconds, terminate }, Reverb's rate_limiting`);
  }
  if (source.acceptClientEventsFrom !== undefined) {
    if (['members', 'all', 'none'].includes(source.acceptClientEventsFrom as string)) {
      app.acceptClientEventsFrom = source.acceptClientEventsFrom;
    } else problems.push(`${where}.acceptClientEventsFrom must be members, all or none`);
  }
  Object.assign(app, parseExtras(source, where, problems));
  return app as unknown as AppConfig;
}

/** What Reverb's apps lack: webhooks, subscription counts, a Redis prefix of their own. */
function parseExtras(source: Record<string, unknown>, where: string, problems: string[]): Record<string, unknown> {
  const extras: Record<string, unknown> = {
    webhooks: source.webhooks === undefined ? [] : parseWebhookTargets(source.webhooks, `${where}.webhooks`, problems),
    redisPrefix: null,
  };
  if (source.subscriptionCount !== undefined) {
    if (typeof source.subscriptionCount === 'boolean') extras.subscriptionCount = source.subscriptionCount;
    else problems.push(`${where}.subscriptionCount must be true or false`);
  }
  if (source.redisPrefix !== undefined) {
    if (typeof source.redisPrefix === 'string' && /^[A-Za-z0-9_.:-]{1,64}$/.test(source.redisPrefix)) extras.redisPrefix = source.redisPrefix;
    else problems.push(`${where}.redisPrefix must be 1 to 64 of A-Z a-z 0-9 _ . : -`);
  }
  return extras;
}

/** Reverb's rate_limiting block; fields left out keep the environment's values. */
function parseRateLimiting(value: unknown, defaults: RateLimiting, where: string, problems: string[]): RateLimiting {
  if (!isPlainObject(value)) {
    problems.push(`${where} must be an object { enabled, maxAttempts, decaySeconds, terminate }`);
    return defaults;
  }
  const limits: Record<string, unknown> = { ...defaults };
  for (const field of ['enabled', 'terminate'] as const) {
    if (value[field] === undefined) continue;
    if (typeof value[field] === 'boolean') limits[field] = value[field];
    else problems.push(`${where}.${field} must be true or false`);
  }
  for (const field of ['maxAttempts', 'decaySeconds'] as const) {
    if (value[field] === undefined) continue;
    if (typeof value[field] === 'number' && Number.isInteger(value[field]) && value[field] >= 1) limits[field] = value[field];
    else problems.push(`${where}.${field} must be a whole number of at least 1`);
  }
  return limits as unknown as RateLimiting;
}
