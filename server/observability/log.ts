/**
 * The server's logger: pino (fast structured JSON lines, child loggers with
 * fixed fields, an error serializer), behind a small interface so modules
 * take a child with their own fields instead of checking a debug flag.
 * JSON lines in production, a readable line in development, a capture in
 * tests (the same pino output, parsed back).
 */
import { Writable } from 'node:stream';
import { pino, stdSerializers, stdTimeFunctions, type Logger as Pino } from 'pino';
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

export interface LogRecord extends LogFields {
  level: LogLevel;
  msg: string;
  time: string;
}

class PinoLogger implements Logger {
  constructor(private readonly pino: Pino) {}

  debug(message: string, fields?: LogFields): void { this.pino.debug(fields ?? {}, message); }
  info(message: string, fields?: LogFields): void { this.pino.info(fields ?? {}, message); }
  warn(message: string, fields?: LogFields): void { this.pino.warn(fields ?? {}, message); }
  error(message: string, fields?: LogFields): void { this.pino.error(fields ?? {}, message); }

  isDebug(): boolean {
    return this.pino.isLevelEnabled('debug');
  }

  child(bindings: LogFields): Logger {
    return new PinoLogger(this.pino.child(bindings));
  }
}

function pinoOn(level: LogLevel | 'silent', destination: NodeJS.WritableStream | ReturnType<typeof pino.destination>, bindings: LogFields = {}): Pino {
  return pino({
    level,
    base: bindings,
    messageKey: 'msg',
    timestamp: stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    // Errors under either name keep their message and stack, never a bare "{}".
    serializers: { err: stdSerializers.err, error: stdSerializers.err },
  }, destination);
}

/** `bindings` go on every line: the node's id, say. */
export function createLogger(level: LogLevel, format: 'json' | 'pretty', stream: NodeJS.WritableStream = process.stdout, bindings: LogFields = {}): Logger {
  // Standard output through pino's own synchronous writer: fast, and nothing is lost when the process exits.
  const json = stream === process.stdout ? pino.destination({ dest: 1, sync: true }) : stream;
  const destination = format === 'json' ? json : linesTo((record) => stream.write(`${pretty(record)}\n`));
  return new PinoLogger(pinoOn(level, destination, bindings));
}

/** Keeps records in memory: for tests that assert on what was logged. */
export function createCapturingLogger(level: LogLevel = 'debug'): Logger & { records: LogRecord[] } {
  const records: LogRecord[] = [];
  const logger = new PinoLogger(pinoOn(level, linesTo((record) => records.push(record))));
  return Object.assign(logger, { records });
}

export const nullLogger: Logger = new PinoLogger(pinoOn('silent', linesTo(() => undefined)));

/** A synchronous stream that hands each JSON line pino writes over as a record. */
function linesTo(receive: (record: LogRecord) => void): NodeJS.WritableStream {
  return new Writable({
    decodeStrings: false,
    write(chunk: string | Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n')) if (line) receive(JSON.parse(line) as LogRecord);
      done();
    },
  });
}

function pretty(record: LogRecord): string {
  const { time, level, msg, ...rest } = record;
  const extras = Object.entries(rest)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' ');
  return `${time.slice(11, 23)} ${level.toUpperCase().padEnd(5)} ${msg}${extras ? `  ${extras}` : ''}`;
}

/** Payloads are logged only in debug, and cut short so a large frame cannot flood the log. */
export function truncate(text: string, max = 200): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length} bytes)`;
}
