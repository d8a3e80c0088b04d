/**
 * Presence in Redis: two hashes per channel (user id → socket count, user id
 * → user_info), changed by Lua scripts so "first socket of this user
 * anywhere" and "last socket anywhere" are decided atomically. Each node also
 * lists its own memberships, so it can write them back after Redis lost or
 * missed them, and so a reaper can remove them when the node dies.
 */
import type { Redis } from 'ioredis';
import type { Membership } from './cluster-state.js';
import type { RedisKeys } from './redis-keys.js';

// Idempotent too: writing a node's memberships back never counts a socket twice.
const JOIN = `
if redis.call('SADD', KEYS[3], ARGV[3]) == 0 then return -1 end
local n = redis.call('HINCRBY', KEYS[1], ARGV[1], 1)
if n == 1 then redis.call('HSET', KEYS[2], ARGV[1], ARGV[2]) end
return n`;

// Idempotent: a socket already removed (by its node, or by a reaper) changes nothing.
const LEAVE = `
if redis.call('SREM', KEYS[3], ARGV[2]) == 0 then return -1 end
local n = redis.call('HINCRBY', KEYS[1], ARGV[1], -1)
if n <= 0 then
  redis.call('HDEL', KEYS[1], ARGV[1])
  redis.call('HDEL', KEYS[2], ARGV[1])
  return 0
end
return n`;

export type PresenceClient = Redis & {
  presenceJoin(counts: string, infos: string, nodeSet: string, userId: string, info: string, entry: string): Promise<number>;
  presenceLeave(counts: string, infos: string, nodeSet: string, userId: string, entry: string): Promise<number>;
};

export type { Membership } from './cluster-state.js';

export function withPresenceScripts(redis: Redis): PresenceClient {
  redis.defineCommand('presenceJoin', { numberOfKeys: 3, lua: JOIN });
  redis.defineCommand('presenceLeave', { numberOfKeys: 3, lua: LEAVE });
  return redis as PresenceClient;
}

/** The user's socket count after joining: 1 when the user became present; -1 when already recorded. */
export function joinPresence(redis: PresenceClient, keys: RedisKeys, node: string, m: Membership): Promise<number> {
  const { appId, channel, socketId, member } = m;
  return redis.presenceJoin(keys.presenceSockets(appId, channel), keys.presenceInfo(appId, channel), keys.nodeMembers(node),
    member.userId, JSON.stringify(member.userInfo ?? {}), entry(appId, channel, socketId, member.userId));
}

/** The user's socket count after leaving: 0 when the user is gone everywhere; -1 when not recorded. */
export function leavePresence(redis: PresenceClient, keys: RedisKeys, node: string, recorded: string): Promise<number> {
  const { appId, channel, userId } = parseEntry(recorded);
  return redis.presenceLeave(keys.presenceSockets(appId, channel), keys.presenceInfo(appId, channel), keys.nodeMembers(node), userId, recorded);
}

/** The channel and user a recorded membership belongs to. */
export function parseEntry(recorded: string): { appId: string; channel: string; userId: string } {
  const [appId, channel, , userId] = JSON.parse(recorded) as [string, string, string, string];
  return { appId, channel, userId };
}

export function entry(appId: string, channel: string, socketId: string, userId: string): string {
  return JSON.stringify([appId, channel, socketId, userId]);
}

/**
 * Makes this node's memberships in Redis match `local()`: records those
 * Redis lacks (it restarted, or missed them) and removes those that ended
 * meanwhile (`gone` hears of each user that left everywhere by it). Returns
 * how many it wrote.
 */
export async function writeBackMemberships(
  redis: PresenceClient, keys: RedisKeys, node: string, local: () => Membership[],
  gone: (appId: string, channel: string, userId: string) => void = () => undefined,
): Promise<number> {
  const recorded = new Set(await redis.smembers(keys.nodeMembers(node)));
  // Read and written in one go: a socket leaving after this point sends its LEAVE behind these writes.
  const writes: Promise<number>[] = [];
  const wanted = new Set<string>();
  for (const m of local()) {
    const e = entry(m.appId, m.channel, m.socketId, m.member.userId);
    wanted.add(e);
    if (!recorded.has(e)) writes.push(joinPresence(redis, keys, node, m));
  }
  for (const e of recorded) {
    if (wanted.has(e)) continue;
    writes.push(leavePresence(redis, keys, node, e).then((left) => {
      const { appId, channel, userId } = parseEntry(e);
      if (left === 0) gone(appId, channel, userId);
      return left;
    }));
  }
  await Promise.all(writes);
  return writes.length;
}
