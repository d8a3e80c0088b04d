/**
 * Webhooks' ledger in Redis: per presence channel (real or pseudo), the set
 * of ids the app was told are present. Marking one present or absent is one
 * atomic step, and "absent" checks the channel's members in the same step,
 * so of several nodes deciding at once exactly one reports each change, and
 * a member back in time is never reported gone.
 */
import type { Redis } from 'ioredis';
import type { RedisKeys } from './redis-keys.js';

// KEYS: the channel's members (user id → sockets), its ledger. ARGV: the id.
const ABSENT = `
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 1 then return 0 end
return redis.call('SREM', KEYS[2], ARGV[1])`;

type ReportsClient = Redis & { reportAbsent(members: string, ledger: string, id: string): Promise<number> };

export function withReportScripts<T extends Redis>(redis: T): T {
  redis.defineCommand('reportAbsent', { numberOfKeys: 2, lua: ABSENT });
  return redis;
}

/** True when the id was not yet reported present. */
export async function reportPresent(redis: Redis, keys: RedisKeys, appId: string, channel: string, id: string): Promise<boolean> {
  return (await redis.sadd(keys.reported(appId, channel), id)) === 1;
}

/** True when the id is absent and was reported present. */
export async function reportAbsent(redis: Redis, keys: RedisKeys, appId: string, channel: string, id: string): Promise<boolean> {
  return (await (redis as ReportsClient).reportAbsent(keys.presenceSockets(appId, channel), keys.reported(appId, channel), id)) === 1;
}
