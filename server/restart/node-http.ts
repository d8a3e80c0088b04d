/**
 * Reaching the node on this machine over HTTP, for the commands run beside
 * it (`chorus restart` without Redis, `chorus status`).
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Config } from '../config/types.js';

export interface Answer {
  readonly status: number;
  readonly body: string;
}

/** The node as reached from its own machine: a wildcard address means loopback. */
export function nodeBase(config: Config): string {
  const host = config.host === '0.0.0.0' || config.host === '::' || config.host === '' ? '127.0.0.1' : config.host;
  const shown = host.includes(':') ? `[${host}]` : host;
  return `${config.tls ? 'https' : 'http'}://${shown}:${config.port}`;
}

/**
 * One request, on a fresh connection. Over TLS the node's certificate names
 * its public host, not the loopback address asked here, so it is not
 * checked: the requests are signed or go to this machine's own address.
 */
export function call(method: 'GET' | 'POST', url: string, headers: Record<string, string> = {}): Promise<Answer> {
  const send = url.startsWith('https:') ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(url, { method, headers, agent: false, rejectUnauthorized: false, timeout: 5000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('timeout', () => req.destroy(new Error('no answer within 5 s')));
    req.on('error', reject);
    req.end();
  });
}
