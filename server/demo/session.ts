/**
 * The demo's sign-in: a display name and a colour, no password. The user is
 * kept in an HMAC-signed cookie, so the server stays stateless.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { hmacHex, safeEqual } from '../auth/signatures.js';
import type { ChannelUser } from '../auth/channel-rules.js';

export const SESSION_COOKIE = 'chorus_user';
const MAX_NAME = 40;

export class DemoSessions {
  constructor(private readonly secret: string) {}

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
    const payload = Buffer.from(JSON.stringify(user)).toString('base64url');
    return `${payload}.${hmacHex(this.secret, `session:${payload}`)}`;
  }

  cookie(user: ChannelUser): string {
    return `${SESSION_COOKIE}=${this.token(user)}; Path=/; HttpOnly; SameSite=Lax; Max-Age=31536000`;
  }

  clearCookie(): string {
    return `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`;
  }

  /** The signed-in user of a request (cookie or bearer token), or undefined. */
  userOf(req: IncomingMessage): ChannelUser | undefined {
    const bearer = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const raw = bearer ?? parseCookies(req.headers.cookie ?? '')[SESSION_COOKIE];
    if (!raw) return undefined;
    const [payload, signature] = raw.split('.');
    if (!payload || !signature || !safeEqual(signature, hmacHex(this.secret, `session:${payload}`))) return undefined;
    try {
      return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as ChannelUser;
    } catch {
      return undefined;
    }
  }
}

function parseCookies(header: string): Record<string, string> {
  const cookies: Record<string, string> = {};
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) cookies[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return cookies;
}
