/**
 * One small logger for the whole server: JSON lines in production, a readable
 * line in development, nothing (or a capture) in tests. Modules take a child
 * with fixed fields instead of checking a debug flag themselves.
 */
import type { LogLevel } from '../config/types.js';

export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  isDebug(): boolean;
  child(bindings: LogFields): Logger;
}

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface LogRecord extends LogFields {
  level: LogLevel;
  msg: string;
  time: string;
}

export type LogSink = (record: LogRecord) => void;

class SinkLogger implements Logger {
  constructor(
    private readonly sink: LogSink,
    private readonly minimum: LogLevel,
    private readonly bindings: LogFields,
  ) {}

  debug(message: string, fields?: LogFields): void { this.write('debug', message, fields); }
  info(message: string, fields?: LogFields): void { this.write('info', message, fields); }
  warn(message: string, fields?: LogFields): void { this.write('warn', message, fields); }
  error(message: string, fields?: LogFields): void { this.write('error', message, fields); }

  isDebug(): boolean {
    return RANK[this.minimum] <= RANK.debug;
  }

  child(bindings: LogFields): Logger {
    return new SinkLogger(this.sink, this.minimum, { ...this.bindings, ...bindings });
  }

  private write(level: LogLevel, msg: string, fields?: LogFields): void {
    if (RANK[level] < RANK[this.minimum]) return;
    this.sink({ time: new Date().toISOString(), level, msg, ...this.bindings, ...fields });
  }
}

export function createLogger(level: LogLevel, format: 'json' | 'pretty', stream: NodeJS.WritableStream = process.stdout): Logger {
  const sink: LogSink = format === 'json'
    ? (record) => stream.write(`${JSON.stringify(record, errorReplacer)}\n`)
    : (record) => stream.write(`${pretty(record)}\n`);
  return new SinkLogger(sink, level, {});
}

/** Keeps records in memory: for tests that assert on what was logged. */
export function createCapturingLogger(level: LogLevel = 'debug'): Logger & { records: LogRecord[] } {
  const records: LogRecord[] = [];
  const logger = new SinkLogger((r) => records.push(r), level, {});
  return Object.assign(logger, { records });
}

export const nullLogger: Logger = new SinkLogger(() => undefined, 'error', {});

function pretty(record: LogRecord): string {
  const { time, level, msg, ...rest } = record;
  const extras = Object.entries(rest)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v, errorReplacer)}`)
    .join(' ');
  return `${time.slice(11, 23)} ${level.toUpperCase().padEnd(5)} ${msg}${extras ? `  ${extras}` : ''}`;
}

function errorReplacer(_key: string, value: unknown): unknown {
  if (value instanceof Error) return { name: value.name, message: value.message, stack: value.stack };
  return value;
}

/** Payloads are logged only in debug, and cut short so a large frame cannot flood the log. */
export function truncate(text: string, max = 200): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length} bytes)`;
}
