/**
 * Describes a URL from the environment without repeating it: URLs such as
 * DATABASE_URL and REDIS_URL carry passwords, and problems are printed.
 */
export function schemeOf(url: string): string {
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(url)?.[1];
  return scheme ? `${scheme.toLowerCase()}:` : 'scheme-less';
}
