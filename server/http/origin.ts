/**
 * What a browser-facing request says about where it came from: the public
 * origin it was sent to (behind a trusted proxy, from X-Forwarded-Proto and
 * X-Forwarded-Host), whether it came over TLS, and whether a state-changing
 * request was sent by a page of another origin (CSRF), which is refused.
 */
import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { sameOrigin } from '../auth/origins.js';
import { HttpError } from './respond.js';

export interface ProxyTrust {
  /** Peer addresses whose X-Forwarded-Proto / X-Forwarded-Host are believed. */
  readonly trustedProxies: readonly string[];
  /** Mark cookies Secure whatever the request says. */
  readonly secureCookies: boolean;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The `scheme://host[:port]` the browser sent this request to, or undefined without a Host. */
export function publicOrigin(req: IncomingMessage, trust: ProxyTrust): string | undefined {
  const proxied = fromTrustedProxy(req, trust);
  const forwardedProto = proxied ? firstValue(req.headers['x-forwarded-proto'])?.toLowerCase() : undefined;
  const scheme = forwardedProto === 'https' || forwardedProto === 'http' ? forwardedProto : (req.socket as TLSSocket).encrypted ? 'https' : 'http';
  const host = (proxied ? firstValue(req.headers['x-forwarded-host']) : undefined) ?? req.headers.host;
  return host ? `${scheme}://${host}` : undefined;
}

/** Whether cookies set in answer to this request should be Secure. */
export function overTls(req: IncomingMessage, trust: ProxyTrust): boolean {
  return trust.secureCookies || publicOrigin(req, trust)?.startsWith('https:') === true;
}

/**
 * Throws 403 for a state-changing request that a browser sent from another
 * origin. Browsers send Origin with every such request (or at least
 * Sec-Fetch-Site); a request with neither comes from a program, not a page.
 */
export function refuseCrossOrigin(req: IncomingMessage, trust: ProxyTrust): void {
  if (SAFE_METHODS.has(req.method ?? 'GET')) return;
  const origin = req.headers.origin;
  if (origin === undefined) {
    const site = req.headers['sec-fetch-site'];
    if (site === undefined || site === 'same-origin' || site === 'none') return;
    throw new HttpError(403, 'Cross-site request refused');
  }
  const own = publicOrigin(req, trust);
  if (own && sameOrigin(origin, own)) return;
  throw new HttpError(403, `Cross-origin request refused: ${origin.slice(0, 100)} is not this site's origin`);
}

function fromTrustedProxy(req: IncomingMessage, trust: ProxyTrust): boolean {
  const peer = (req.socket.remoteAddress ?? '').replace(/^::ffff:/, '');
  return trust.trustedProxies.includes(peer);
}

function firstValue(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  const first = value?.split(',')[0]?.trim();
  return first ? first : undefined;
}
