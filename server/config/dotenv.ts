/**
 * The `.env` file a Laravel app keeps in its folder. Chorus reads the one in
 * its working directory, so the app and Chorus can share it; real environment
 * variables win over the file, as with Laravel (phpdotenv never overwrites
 * them). `${NAME}` references are not expanded.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { ConfigError, type Env } from './parse.js';

/** The variables of `{dir}/.env`, or none when there is no such file. */
export function readDotEnv(dir: string): Env {
  const path = join(dir, '.env');
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new ConfigError([`${path} cannot be read (${(error as Error).message})`]);
  }
  return parseEnv(text);
}

