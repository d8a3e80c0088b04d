/**
 * Origin rules. An allowed-origins entry with a scheme (`https://app.example.com`,
 * `https://*.example.com:8443`) must match the Origin header exactly: same
 * scheme, same port (the scheme's default when none is written) and the host,
 * where `*` stands for any run of characters inside the host. An entry
 * without a scheme (`app.example.com`, `*.example.com`) matches the host
 * alone, on any scheme and port, as Laravel Reverb matches its
 * allowed_origins; `*` alone allows every origin.
 */
const DEFAULT_PORTS: Record<string, string> = { http: '80', https: '443', ws: '80', wss: '443' };
const FULL_ORIGIN = /^([a-z][a-z0-9+.-]*):\/\/([^/:?#]+)(?::(\d{1,5}))?\/?$/i;

interface ParsedOrigin {
  readonly scheme: string;
  readonly host: string;
  readonly port: string;
}

export function originAllowed(origin: string | undefined, allowed: readonly string[]): boolean {
  if (allowed.includes('*')) return true;
  const parsed = origin === undefined ? undefined : parseOrigin(origin);
  if (!parsed) return false;
  return allowed.some((pattern) => patternMatches(pattern, parsed));
}

/** Whether two origins are the same (scheme, host and port, default ports made explicit). */
export function sameOrigin(a: string, b: string): boolean {
  const left = parseOrigin(a);
  const right = parseOrigin(b);
  return !!left && !!right && left.scheme === right.scheme && left.host === right.host && left.port === right.port;
}

function patternMatches(pattern: string, origin: ParsedOrigin): boolean {
  const full = FULL_ORIGIN.exec(pattern.trim());
  if (!full) return wildcard(pattern.trim()).test(origin.host);
  const scheme = full[1]!.toLowerCase();
  const port = full[3] ?? DEFAULT_PORTS[scheme] ?? '';
  return scheme === origin.scheme && port === origin.port && wildcard(full[2]!).test(origin.host);
}

/** An Origin header (`scheme://host[:port]`) taken apart; undefined for `null` or anything malformed. */
function parseOrigin(origin: string): ParsedOrigin | undefined {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return undefined;
  }
  const scheme = url.protocol.slice(0, -1);
  if (!url.hostname) return undefined;
  return { scheme, host: url.hostname.toLowerCase(), port: url.port || (DEFAULT_PORTS[scheme] ?? '') };
}

/** `*` matches any run of characters (Laravel's Str::is), case-insensitively, since hosts are. */
function wildcard(pattern: string): RegExp {
  return new RegExp(`^${pattern.split('*').map(escapeRegex).join('.*')}$`, 'i');
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
