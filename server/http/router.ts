/**
 * A tiny method + path table. Patterns use `:name` segments; values are
 * URI-decoded. The whole API is visible in one place: http/api.ts.
 */
export interface RouteMatch<C> {
  readonly handler: C;
  readonly params: Record<string, string>;
}

interface Route<C> {
  readonly method: string;
  readonly regex: RegExp;
  readonly names: string[];
  readonly handler: C;
}

export class Router<C> {
  private readonly routes: Route<C>[] = [];

  add(method: string, pattern: string, handler: C): this {
    const names: string[] = [];
    const source = pattern
      .split('/')
      .map((segment) => {
        if (!segment.startsWith(':')) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        names.push(segment.slice(1));
        return '([^/]+)';
      })
      .join('/');
    this.routes.push({ method, regex: new RegExp(`^${source}$`), names, handler });
    return this;
  }

  /** A match, 'method' when the path exists under another method, or undefined. */
  match(method: string, path: string): RouteMatch<C> | 'method' | undefined {
    let pathMatched = false;
    for (const route of this.routes) {
      const found = route.regex.exec(path);
      if (!found) continue;
      pathMatched = true;
      if (route.method !== method) continue;
      const params: Record<string, string> = {};
      route.names.forEach((name, i) => {
        params[name] = safeDecode(found[i + 1] ?? '');
      });
      return { handler: route.handler, params };
    }
    return pathMatched ? 'method' : undefined;
  }
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
