/**
 * Whether a request comes straight from this machine: from loopback, or from
 * the very address it reached (the node's own interface), and with no proxy
 * header. A proxy on the same machine connects from loopback too, so the
 * headers it adds are what tell its requests apart.
 */
import type { IncomingMessage } from 'node:http';

const PROXY_HEADERS = ['x-forwarded-for', 'x-real-ip', 'forwarded'];
const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

export function isDirectLocal(req: IncomingMessage): boolean {
  const { remoteAddress, localAddress } = req.socket;
  const local = remoteAddress !== undefined && (LOOPBACK.has(remoteAddress) || remoteAddress === localAddress);
  return local && PROXY_HEADERS.every((name) => req.headers[name] === undefined);
}
