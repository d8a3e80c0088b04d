/**
 * Which store a DATABASE_URL points at, without its credentials: nodes tell
 * each other what they stored, and one node may count another's write as
 * stored only when both write to the same database (several nodes may each
 * have their own SQLite file, or point at one PostgreSQL under other users).
 */
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';

export function storeIdentity(databaseUrl: string): string {
  const place = databaseUrl.startsWith('sqlite:') ? `sqlite:${resolve(databaseUrl.slice('sqlite:'.length))}` : withoutCredentials(databaseUrl);
  return createHash('sha256').update(place).digest('base64url').slice(0, 22);
}

function withoutCredentials(url: string): string {
  try {
    const parsed = new URL(url);
    const port = parsed.port || '5432';
    return `${parsed.protocol}//${parsed.hostname.toLowerCase()}:${port}${parsed.pathname}`;
  } catch {
    return url;
  }
}
