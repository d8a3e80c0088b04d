/**
 * Verifies a signed HTTP API request exactly as Pusher signs it:
 * HMAC-SHA256 over "METHOD\nPATH\nsorted k=v&… (auth_signature excluded)".
 */
import { hmacHex, md5Hex, safeEqual } from './signatures.js';

export interface SignedRequest {
  readonly method: string;
  /** Paths the signature may have been made over (with and without a path prefix). */
  readonly paths: readonly string[];
  readonly query: URLSearchParams;
  readonly body: Buffer;
}

export type RestAuthResult = { ok: true } | { ok: false; reason: string };

/** How far auth_timestamp may be from our clock, in seconds (Pusher: 600). */
export const TIMESTAMP_TOLERANCE_S = 600;

export function verifyRestRequest(
  request: SignedRequest,
  app: { key: string; secret: string },
  nowSeconds: number = Date.now() / 1000,
): RestAuthResult {
  const q = request.query;
  const authKey = q.get('auth_key');
  const signature = q.get('auth_signature');
  const timestamp = Number(q.get('auth_timestamp'));
  if (!authKey || !signature || !q.has('auth_timestamp')) {
    return { ok: false, reason: 'Missing auth_key, auth_timestamp or auth_signature' };
  }
  if (!safeEqual(authKey, app.key)) return { ok: false, reason: 'Unknown auth_key' };
  if (!Number.isFinite(timestamp) || Math.abs(nowSeconds - timestamp) > TIMESTAMP_TOLERANCE_S) {
    return { ok: false, reason: `Timestamp expired: auth_timestamp must be within ${TIMESTAMP_TOLERANCE_S} s of the server time` };
  }
  if (request.body.length > 0 && !safeEqual(q.get('body_md5') ?? '', md5Hex(request.body))) {
    return { ok: false, reason: 'body_md5 does not match the request body' };
  }
  const params = canonicalParams(q);
  const valid = request.paths
    .map((path) => safeEqual(signature, hmacHex(app.secret, `${request.method.toUpperCase()}\n${path}\n${params}`)))
    .some(Boolean);
  return valid ? { ok: true } : { ok: false, reason: 'Invalid signature: the auth_signature does not match the request' };
}

/** Sorted `k=v` pairs joined by `&`, values unescaped, auth_signature left out. */
export function canonicalParams(query: URLSearchParams): string {
  return [...query.entries()]
    .filter(([key]) => key !== 'auth_signature')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, value]) => `${key}=${value}`)
    .join('&');
}

/** Signs a request the way the Pusher SDKs do; used by Chorus's own tools and tests. */
export function signRestQuery(
  method: string,
  path: string,
  app: { key: string; secret: string },
  params: Record<string, string> = {},
  body = '',
  nowSeconds = Math.floor(Date.now() / 1000),
): string {
  const query = new URLSearchParams({ ...params, auth_key: app.key, auth_timestamp: String(nowSeconds), auth_version: '1.0' });
  if (body) query.set('body_md5', md5Hex(body));
  const signature = hmacHex(app.secret, `${method.toUpperCase()}\n${path}\n${canonicalParams(query)}`);
  query.set('auth_signature', signature);
  return query.toString();
}
