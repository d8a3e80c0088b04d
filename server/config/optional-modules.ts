/**
 * Drivers a node loads only when its configuration uses them: a node without
 * Redis or PostgreSQL (the embedded default) would otherwise carry both in
 * memory from start-up, about 35 MiB of resident memory for nothing.
 * Both are CommonJS, so they load synchronously and constructors stay sync.
 */
import { createRequire } from 'node:module';
import type * as IoRedis from 'ioredis';
import type Pg from 'pg';

const require = createRequire(import.meta.url);

export function ioredis(): typeof IoRedis {
  return require('ioredis') as typeof IoRedis;
}

export function pg(): typeof Pg {
  return require('pg') as typeof Pg;
}
