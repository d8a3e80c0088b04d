/**
 * Snippets of docs/ that people paste as they are. An environment file must
 * read the same under systemd's EnvironmentFile= (which keeps everything after
 * `=` in the value, comments included) as under a .env parser, and the
 * deployment example must be a configuration Chorus starts with.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config/env.js';

const root = new URL('../../', import.meta.url);
const markdown = ['README.md', ...readdirSync(new URL('docs/', root)).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];

function dotenvBlocks(): { file: string; text: string }[] {
  return markdown.flatMap((file) => {
    const text = readFileSync(new URL(file, root), 'utf8');
    return [...text.matchAll(/```dotenv[^\n]*\n([\s\S]*?)```/g)].map((m) => ({ file, text: m[1]! }));
  });
}

/** What systemd makes of `NAME=value`: the rest of the line, trimmed, without one pair of enclosing quotes. */
function systemdValue(line: string): string {
  const value = line.slice(line.indexOf('=') + 1).trim();
  return /^(["']).*\1$/.test(value) ? value.slice(1, -1) : value;
}

describe('environment files in the docs', () => {
  it('read the same under systemd as under a .env parser: no comment shares a line with a value', () => {
    const blocks = dotenvBlocks();
    expect(blocks.map((b) => b.file)).toEqual(expect.arrayContaining(['docs/deploy.md', 'docs/laravel-echo.md']));
    for (const { file, text } of blocks) {
      for (const line of text.split('\n').filter((l) => l.trim() !== '' && !l.trim().startsWith('#'))) {
        const name = line.slice(0, line.indexOf('=')).trim();
        expect(systemdValue(line), `${file}: ${line}`).toBe(parseEnv(line)[name]);
      }
    }
  });

  it('deploy.md\'s is a configuration Chorus starts with', () => {
    const deploy = dotenvBlocks().find((b) => b.file === 'docs/deploy.md')!;
    const config = loadConfig(parseEnv(deploy.text));
    expect(config).toMatchObject({ host: '127.0.0.1', port: 8080, production: true, scaling: { enabled: true, prefix: 'chorus-prod:' } });
    expect(config.apps[0]).toMatchObject({ id: 'my-app', key: 'my-key' });
  });
});
