/**
 * Several nodes as one through Redis. The Redis is REDIS_URL, or, when that is
 * absent, Laravel's REDIS_HOST / REDIS_PORT / REDIS_USERNAME / REDIS_PASSWORD /
 * REDIS_DB, so a Laravel app's .env serves as it is.
 */
import { randomBytes } from 'node:crypto';
import type { EnvReader } from './parse.js';
import type { ScalingConfig } from './types.js';
import { schemeOf } from './urls.js';

export function readScalingConfig(read: EnvReader): ScalingConfig {
  const enabled = read.boolean('REVERB_SCALING_ENABLED', false);
  const nodeId = read.string('CHORUS_NODE_ID', `node-${randomBytes(4).toString('hex')}`);
  if (!/^[A-Za-z0-9_.-]{1,64}$/.test(nodeId)) read.problems.push(`CHORUS_NODE_ID=${nodeId} may only contain A-Z a-z 0-9 _ . -`);
  return {
    enabled,
    redisUrl: redisUrl(read, enabled),
    prefix: read.raw('CHORUS_REDIS_PREFIX') ?? `${read.string('REVERB_SCALING_CHANNEL', 'chorus')}:`,
    nodeId,
    nodeTimeoutSeconds: read.number('CHORUS_NODE_TIMEOUT', 15, { min: 1, max: 25 }),
    docRepairIntervalMs: read.number('CHORUS_DOC_REPAIR_INTERVAL_MS', 5000, { min: 100, integer: true }),
  };
}

/** Laravel's tcp:// and tls:// (predis) are Redis's redis:// and rediss://. A Redis the node will not use is not checked. */
function redisUrl(read: EnvReader, enabled: boolean): string {
  const url = read.raw('REDIS_URL');
  if (url === undefined) return urlFromParts(read);
  const normalised = url.replace(/^tcp:\/\//i, 'redis://').replace(/^tls:\/\//i, 'rediss://');
  if (enabled && !/^rediss?:\/\/.+/i.test(normalised)) {
    read.problems.push(`REDIS_URL is a ${schemeOf(url)} URL; Chorus needs redis://host:port or rediss://host:port`);
  }
  return normalised;
}

function urlFromParts(read: EnvReader): string {
  const host = read.string('REDIS_HOST', '127.0.0.1');
  const port = read.number('REDIS_PORT', 6379, { min: 1, max: 65535, integer: true });
  const db = read.number('REDIS_DB', 0, { integer: true });
  const password = read.raw('REDIS_PASSWORD');
  const user = read.raw('REDIS_USERNAME') ?? '';
  // As Laravel: a username alone authenticates nothing; with a password it picks the ACL user.
  const credentials = password === undefined ? '' : `${encodeURIComponent(user)}:${encodeURIComponent(password)}@`;
  return `redis://${credentials}${host.includes(':') ? `[${host}]` : host}:${port}/${db}`;
}
