/**
 * Cache channels across nodes: the last event is kept in Redis, so a
 * subscriber on any node gets it, with its TTL. And an app's keys under the
 * apps file's redisPrefix.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { presenceAuth, privateAuth } from '../../helpers/auth.js';
import { TEST_APP } from '../../helpers/config.js';
import { useRedisCluster } from '../../helpers/fixtures.js';
import { RawClient } from '../../helpers/raw-client.js';
import { sdkFor, signedFetch } from '../../helpers/rest.js';

const cluster = useRedisCluster();

describe('cache channels across nodes', () => {
  it('serves the last event triggered through one node to subscribers of every node, and its TTL through any node', async () => {
    const nodes = await cluster.start(2, { CHORUS_CACHE_TTL: '600' });
    await sdkFor(nodes[0]!.target).trigger('private-cache-price', 'price', { eur: 10 });
    await sdkFor(nodes[0]!.target).trigger('private-cache-price', 'price', { eur: 11 });
    for (const node of nodes) {
      const client = await RawClient.connect(node.wsUrl());
      client.subscribe('private-cache-price', privateAuth(client.socketId, 'private-cache-price'));
      await client.next('pusher_internal:subscription_succeeded');
      expect((await client.next('price')).parsed).toEqual({ eur: 11 });
      client.close();
    }
    const { body } = await signedFetch(nodes[1]!.target, 'GET', '/channels/private-cache-price', { params: { info: 'cache' } });
    expect(body).toMatchObject({ cache: { data: '{"eur":11}' } });
    expect((body as { cache: { ttl: number } }).cache.ttl).toBeGreaterThan(590);
    expect(await cluster.redis.client().pttl('chorus:app:test-app:cache:private-cache-price')).toBeGreaterThan(590_000);
  });
});

describe('an app with a Redis prefix of its own', () => {
  it('keeps its presence, cache and channels under the apps file\'s redisPrefix, across nodes', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'chorus-apps-')), 'apps.json');
    writeFileSync(file, JSON.stringify({ apps: [{ ...TEST_APP, redisPrefix: 'tenant-a:' }] }));
    const [one, other] = await cluster.start(2, { CHORUS_APPS_FILE: file });
    const here = await RawClient.connect(one!.wsUrl());
    here.subscribe('presence-room', presenceAuth(here.socketId, 'presence-room', { user_id: 'ana' }));
    await here.next('pusher_internal:subscription_succeeded');
    const there = await RawClient.connect(other!.wsUrl());
    there.subscribe('presence-room', presenceAuth(there.socketId, 'presence-room', { user_id: 'bob' }));
    await there.next('pusher_internal:subscription_succeeded');
    expect((await here.next('pusher_internal:member_added')).parsed).toMatchObject({ user_id: 'bob' });
    await sdkFor(one!.target).trigger('cache-x', 'e', {});
    const redis = cluster.redis.client();
    expect(await redis.hkeys('tenant-a:app:test-app:presence:presence-room:sockets')).toEqual(expect.arrayContaining(['ana', 'bob']));
    expect(await redis.exists('tenant-a:app:test-app:cache:cache-x')).toBe(1);
    expect(((await redis.pubsub('NUMSUB', 'tenant-a:app:test-app:ch:presence-room')) as [string, number])[1]).toBe(2);
    expect(await redis.keys('chorus:app:*')).toEqual([]);
  });
});
