/**
 * Connection URLs with their secrets hidden, for messages and logs: the
 * password of `scheme://user:password@host` and the value of query
 * parameters such as `password=` become `***`. Malformed URLs (a missing
 * `//`, an unencoded `@` in the password) are covered too.
 */
export function redactUrl(url: string): string {
  const slashes = url.indexOf('://');
  const start = slashes >= 0 ? slashes + 3 : url.indexOf(':') + 1;
  const at = url.lastIndexOf('@');
  let shown = url;
  if (at > start) {
    const userinfo = url.slice(start, at);
    const colon = userinfo.indexOf(':');
    // Well formed, the part before `:` is a user name; without `//` nothing before `@` can be trusted to be one.
    const user = slashes >= 0 ? (colon >= 0 ? `${userinfo.slice(0, colon)}:` : userinfo) : '';
    shown = `${url.slice(0, start)}${user}${colon >= 0 || slashes < 0 ? '***' : ''}${url.slice(at)}`;
  }
  return shown.replace(/([?&][^=&#]*(?:pass|secret|token|key)[^=&#]*=)[^&#]*/gi, '$1***');
}
