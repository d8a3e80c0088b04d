/**
 * The demo's sign-in: a display name and a colour, no password. The user is
 * kept in a signed cookie (a key derived for sessions only), so the server
 * stays stateless; the token carries its own expiry.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { deriveKey, signText, verifyText } from '../auth/keys.js';
import type { ChannelUser } from '../auth/channel-rules.js';

export const SESSION_COOKIE = 'chorus_user';
export const SESSION_SECONDS = 30 * 24 * 3600;
const MAX_NAME = 40;

export class DemoSessions {
  private readonly key: Buffer;

  constructor(appSecret: string, private readonly now: () => number = Date.now) {
    this.key = deriveKey(appSecret, 'chorus/demo-session/v1');
  }

  /** Validates a sign-in form; returns the user or a reason. */
  signIn(input: unknown): { user: ChannelUser } | { error: string } {
    const form = (input ?? {}) as Record<string, unknown>;
    const name = typeof form.name === 'string' ? form.name.trim() : '';
    if (name.length === 0 || name.length > MAX_NAME) return { error: `name must be 1 to ${MAX_NAME} characters` };
    const color = typeof form.color === 'string' ? form.color : '';
    if (!/^#[0-9a-fA-F]{6}$/.test(color)) return { error: 'color must look like #rrggbb' };
    return { user: { id: `u_${randomBytes(8).toString('hex')}`, name, color: color.toLowerCase() } };
  }

  /** A signed token for the user: the cookie's value, also accepted as `Authorization: Bearer …` (Echo's bearerToken). */
  token(user: ChannelUser): string {
    const exp = Math.floor(this.now() / 1000) + SESSION_SECONDS;
    const payload = Buffer.from(JSON.stringify({ user, exp })).toString('base64url');
    return `${payload}.${signText(this.key, payload)}`;
  }

  /** HttpOnly (no script reads it), SameSite=Lax (not sent on cross-site POSTs), Secure when served over TLS. */
  cookie(user: ChannelUser, secure: boolean): string {
    return `${SESSION_COOKIE}=${this.token(user)}; ${attributes(secure)}; Max-Age=${SESSION_SECONDS}`;
  }

  clearCookie(secure: boolean): string {
    return `${SESSION_COOKIE}=; ${attributes(secure)}; Max-Age=0`;
  }

  /** The signed-in user of a request (cookie or bearer token), or undefined. */
  userOf(req: IncomingMessage): ChannelUser | undefined {
    const bearer = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const raw = bearer ?? parseCookies(req.headers.cookie ?? '')[SESSION_COOKIE];
    const [payload, signature, extra] = (raw ?? '').split('.');
    if (!payload || !signature || extra !== undefined || !verifyText(this.key, payload, signature)) return undefined;
    try {
      const { user, exp } = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { user: ChannelUser; exp: number };
      return typeof exp === 'number' && exp * 1000 > this.now() ? user : undefined;
    } catch {
      return undefined;
    }
  }
}

function attributes(secure: boolean): string {
  return `Path=/; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`;
}

function parseCookies(header: string): Record<string, string> {
  const cookies: Record<string, string> = {};
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) cookies[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return cookies;
}
