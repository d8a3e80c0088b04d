/**
 * The demo app's variables: whether it runs (on for a developer's machine,
 * off under NODE_ENV=production unless asked for), how long share links last,
 * and how a request behind a proxy is known to have come over TLS.
 */
import type { EnvReader } from './parse.js';
import type { DemoConfig } from './types.js';

/** Share links last a week unless CHORUS_SHARE_LINK_TTL says otherwise. */
export const DEFAULT_SHARE_LINK_TTL_SECONDS = 7 * 24 * 3600;

export function readDemoConfig(read: EnvReader, production: boolean): DemoConfig {
  const trustedProxies = read.list('CHORUS_TRUSTED_PROXIES', []);
  for (const address of trustedProxies) {
    if (!/^[0-9a-fA-F.:]+$/.test(address)) read.problems.push(`CHORUS_TRUSTED_PROXIES: ${address} is not an IP address`);
  }
  return {
    enabled: read.boolean('CHORUS_DEMO', !production),
    shareLinkTtlSeconds: read.number('CHORUS_SHARE_LINK_TTL', DEFAULT_SHARE_LINK_TTL_SECONDS, { min: 60, max: 366 * 24 * 3600, integer: true }),
    trustedProxies,
    secureCookies: read.boolean('CHORUS_COOKIE_SECURE', false),
  };
}
