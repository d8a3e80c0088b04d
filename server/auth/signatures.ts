/**
 * Pusher's HMAC-SHA256 signatures, as pure functions. Every comparison is in
 * constant time: a signature must not be guessable byte by byte from timings.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export function hmacHex(secret: string, text: string): string {
  return createHmac('sha256', secret).update(text, 'utf8').digest('hex');
}

export function md5Hex(body: string | Buffer): string {
  return createHash('md5').update(body).digest('hex');
}

/** Constant-time equality of two strings (length is not secret: a hex SHA-256 is always 64 long). */
export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}

/** The string Pusher signs for a channel subscription. `channelData` is the exact text received. */
export function channelSigningString(socketId: string, channel: string, channelData?: string): string {
  return channelData === undefined ? `${socketId}:${channel}` : `${socketId}:${channel}:${channelData}`;
}

/** The `auth` value a backend returns for a subscription: `key:hexsig`. */
export function signChannel(key: string, secret: string, socketId: string, channel: string, channelData?: string): string {
  return `${key}:${hmacHex(secret, channelSigningString(socketId, channel, channelData))}`;
}

/** Verifies `key:hexsig` for a subscription against the app's key and secret. */
export function verifyChannelAuth(
  app: { key: string; secret: string },
  auth: unknown,
  socketId: string,
  channel: string,
  channelData?: string,
): boolean {
  return verifyKeyed(app, auth, channelSigningString(socketId, channel, channelData));
}

/** Verifies a `pusher:signin` auth: signed over `socket_id::user::user_data`. */
export function verifyUserAuth(app: { key: string; secret: string }, auth: unknown, socketId: string, userData: string): boolean {
  return verifyKeyed(app, auth, `${socketId}::user::${userData}`);
}

function verifyKeyed(app: { key: string; secret: string }, auth: unknown, signed: string): boolean {
  if (typeof auth !== 'string') return false;
  const colon = auth.indexOf(':');
  if (colon < 0) return false;
  const keyOk = safeEqual(auth.slice(0, colon), app.key);
  const sigOk = safeEqual(auth.slice(colon + 1), hmacHex(app.secret, signed));
  return keyOk && sigOk;
}
