/**
 * Small validating readers for environment variables. Each records a problem
 * instead of throwing, so start-up can report every bad variable at once.
 */
export type Env = Readonly<Record<string, string | undefined>>;

/** Values Laravel's env() turns into null or '' (a fresh app's .env has REDIS_PASSWORD=null). */
const LARAVEL_UNSET = /^(null|\(null\)|empty|\(empty\))$/i;

export class EnvReader {
  readonly problems: string[] = [];

  constructor(private readonly env: Env) {}

  /** The trimmed value; unset, empty, and Laravel's `null` / `(null)` / `empty` / `(empty)` all read as undefined. */
  raw(name: string): string | undefined {
    const value = this.env[name]?.trim();
    return value === undefined || value === '' || LARAVEL_UNSET.test(value) ? undefined : value;
  }

  string(name: string, fallback: string): string {
    return this.raw(name) ?? fallback;
  }

  number(name: string, fallback: number, opts: { min?: number; max?: number; integer?: boolean } = {}): number {
    const text = this.raw(name);
    if (text === undefined) return fallback;
    const value = Number(text);
    const { min = 0, max = Number.MAX_SAFE_INTEGER, integer = false } = opts;
    if (!Number.isFinite(value) || (integer && !Number.isInteger(value)) || value < min || value > max) {
      const kind = integer ? 'a whole number' : 'a number';
      this.problems.push(`${name}=${text} is not ${kind} between ${min} and ${max}`);
      return fallback;
    }
    return value;
  }

  /** A positive whole number, or null for "unlimited" when unset, empty or 0. */
  limit(name: string): number | null {
    const value = this.number(name, 0, { integer: true });
    return value === 0 ? null : value;
  }

  boolean(name: string, fallback: boolean): boolean {
    const text = this.raw(name);
    if (text === undefined) return fallback;
    if (/^(1|true|\(true\)|yes|on)$/i.test(text)) return true;
    if (/^(0|false|\(false\)|no|off)$/i.test(text)) return false;
    this.problems.push(`${name}=${text} is not a boolean (true/false)`);
    return fallback;
  }

  oneOf<T extends string>(name: string, choices: readonly T[], fallback: T): T {
    const text = this.raw(name);
    if (text === undefined) return fallback;
    if ((choices as readonly string[]).includes(text)) return text as T;
    this.problems.push(`${name}=${text} must be one of ${choices.join(', ')}`);
    return fallback;
  }

  list(name: string, fallback: readonly string[]): string[] {
    const text = this.raw(name);
    if (text === undefined) return [...fallback];
    return text.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  }

  /** '' or a path starting with '/' and not ending with one. */
  pathPrefix(name: string): string {
    const text = this.raw(name);
    if (text === undefined || text === '/') return '';
    const trimmed = text.replace(/\/+$/, '');
    if (!/^\/[A-Za-z0-9._~\-/]*$/.test(trimmed)) {
      this.problems.push(`${name}=${text} must be a URL path such as /ws`);
      return '';
    }
    return trimmed;
  }
}

/** Thrown when the configuration cannot be used; the message lists each bad variable on its own line. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(problems.map((p) => `Invalid configuration: ${p}`).join('\n'));
    this.name = 'ConfigError';
  }
}
