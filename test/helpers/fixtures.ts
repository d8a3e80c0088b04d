/** Per-test lifecycles that many test files share. */
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import type { Config } from '../../server/config/types.js';
import { startAuthServer, type AuthServer } from './auth-server.js';
import { launchChromium } from './browser.js';
import { disconnectAll } from './clients.js';
import { startCluster, stopCluster, type ClusterNode } from './cluster.js';
import { tempSqliteUrl } from './config.js';
import { startPostgres, type TestPostgres } from './postgres.js';
import { startRedis, type TestRedis } from './redis.js';
import { closeAllServers, startServer, type TestServer } from './server.js';

/**
 * A fresh node and its stand-in /broadcasting/auth for each test; clients and
 * servers are closed after it. `overrides` may choose, say, the document store.
 */
export function useServerAndAuth(
  receive: (server: TestServer, auth: AuthServer) => void,
  overrides: () => Promise<Partial<Config>> = async () => ({}),
): void {
  let auth: AuthServer | undefined;
  beforeEach(async () => {
    const server = await startServer(await overrides());
    auth = await startAuthServer(server);
    receive(server, auth);
  });
  afterEach(async () => {
    disconnectAll();
    await auth?.close();
    await closeAllServers();
  });
}

/** A server started once for the file (before its tests) and stopped after them. */
function useForFile<T extends { stop(): Promise<void> }>(start: () => Promise<T>, receive: (server: T) => void): void {
  let server: T | undefined;
  beforeAll(async () => {
    server = await start();
    receive(server);
  });
  afterAll(async () => {
    await server?.stop();
  });
}

/** A real redis-server for the file. */
export function useRedis(receive: (redis: TestRedis) => void): void {
  useForFile(startRedis, receive);
}

/** A real PostgreSQL server for the file (a fresh database per test: createDatabase). */
export function usePostgres(receive: (postgres: TestPostgres) => void): void {
  useForFile(startPostgres, receive);
}

/** A real redis-server and PostgreSQL for the file: read them from the object returned, in the tests. */
export function useRedisAndPostgres(): { readonly redis: TestRedis; readonly postgres: TestPostgres } {
  const servers = {} as { redis: TestRedis; postgres: TestPostgres };
  useRedis((redis) => (servers.redis = redis));
  usePostgres((postgres) => (servers.postgres = postgres));
  return servers;
}

/** One Chromium for the file; every test's contexts and servers are closed after it. */
export function useBrowser(receive: (browser: Browser) => void): void {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launchChromium();
    receive(browser);
  });
  afterAll(async () => {
    await browser?.close();
  });
  afterEach(async () => {
    // A context whose last page a test closed may already be gone.
    for (const context of browser?.contexts() ?? []) await context.close().catch(() => undefined);
    await closeAllServers();
  });
}

/** A real Redis for the file, and per test the nodes it starts (killed after it, and Redis emptied: node ids repeat). */
export interface RedisCluster {
  readonly redis: TestRedis;
  /** Starts `count` nodes on this Redis, each with its own SQLite store; `env` adds to their environment. */
  start(count: number, env?: Record<string, string>): Promise<ClusterNode[]>;
}

export function useRedisCluster(): RedisCluster {
  let redis: TestRedis | undefined;
  let nodes: ClusterNode[] = [];
  useRedis((r) => {
    redis = r;
  });
  afterEach(async () => {
    stopCluster(nodes);
    nodes = [];
    const client = redis?.client();
    await client?.flushall();
    client?.disconnect();
  });
  return {
    get redis() {
      if (!redis) throw new Error('Redis starts before the tests');
      return redis;
    },
    async start(count, env = {}) {
      nodes = await startCluster(count, { REDIS_URL: this.redis.url, DATABASE_URL: tempSqliteUrl(), ...env });
      return nodes;
    },
  };
}
