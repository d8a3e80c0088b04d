/** Cache channels across nodes: the last event is kept in Redis, so a subscriber on any node gets it, with its TTL. */
import { describe, expect, it } from 'vitest';
import { privateAuth } from '../../helpers/auth.js';
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
