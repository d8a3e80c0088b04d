/** `chorus start [--host H] [--port P] [--debug]`: flags win over the environment, as with reverb:start. */
import { parseArgs } from 'node:util';
import type { ConfigOverrides } from './config/env.js';

export const USAGE = `Usage: chorus start [--host 0.0.0.0] [--port 8080] [--debug]

Starts one Chorus node. Configuration comes from the environment (see docs/config.md);
flags override REVERB_SERVER_HOST, REVERB_SERVER_PORT and REVERB_DEBUG.`;

export type Command = { kind: 'start'; overrides: ConfigOverrides } | { kind: 'help' } | { kind: 'error'; message: string };

export function parseCommand(argv: readonly string[]): Command {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        host: { type: 'string' },
        port: { type: 'string' },
        debug: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    return { kind: 'error', message: (error as Error).message };
  }
  const { values, positionals } = parsed;
  if (values.help) return { kind: 'help' };
  const command = positionals[0] ?? 'start';
  if (command !== 'start') return { kind: 'error', message: `Unknown command "${command}"` };
  const overrides: ConfigOverrides = {};
  if (values.host !== undefined) overrides.host = values.host;
  if (values.debug) overrides.debug = true;
  if (values.port !== undefined) {
    const port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) return { kind: 'error', message: `--port ${values.port} is not a port number` };
    overrides.port = port;
  }
  return { kind: 'start', overrides };
}
