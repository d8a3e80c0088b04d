/**
 * `chorus start [--host H] [--port P] [--debug]`: flags win over the environment, as with reverb:start.
 * `chorus restart [--node ID] [--wait SECONDS] [--host H] [--port P]`: as reverb:restart.
 */
import { parseArgs } from 'node:util';
import type { ConfigOverrides } from './config/env.js';

export const USAGE = `Usage: chorus start [--host 0.0.0.0] [--port 8080] [--debug]
       chorus restart [--node ID] [--wait 120] [--host 127.0.0.1] [--port 8080]

start    Starts one Chorus node. Configuration comes from the environment (see docs/config.md);
         flags override REVERB_SERVER_HOST, REVERB_SERVER_PORT and REVERB_DEBUG.
restart  Asks the nodes to restart without losing anything: each stops accepting, asks its
         clients to reconnect over CHORUS_RESTART_SPREAD_MS, stores every document and exits,
         for systemd or Supervisor to start it again. With REVERB_SCALING_ENABLED, every node
         in turn (or only --node ID), through Redis; without, the node at --host/--port.
         Waits up to --wait seconds for each node to be back (0: do not wait).`;

const DEFAULT_WAIT_SECONDS = 120;

export type Command =
  | { kind: 'start'; overrides: ConfigOverrides }
  | { kind: 'restart'; overrides: ConfigOverrides; node: string | undefined; waitSeconds: number }
  | { kind: 'help' }
  | { kind: 'error'; message: string };

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
        node: { type: 'string' },
        wait: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    return { kind: 'error', message: (error as Error).message };
  }
  const { values, positionals } = parsed;
  if (values.help) return { kind: 'help' };
  const command = positionals[0] ?? 'start';
  if (command !== 'start' && command !== 'restart') return { kind: 'error', message: `Unknown command "${command}"` };
  const overrides: ConfigOverrides = {};
  if (values.host !== undefined) overrides.host = values.host;
  if (values.debug) overrides.debug = true;
  if (values.port !== undefined) {
    const port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) return { kind: 'error', message: `--port ${values.port} is not a port number` };
    overrides.port = port;
  }
  if (command === 'start') {
    const misplaced = (['node', 'wait'] as const).find((flag) => values[flag] !== undefined);
    if (misplaced) return { kind: 'error', message: `--${misplaced} is for chorus restart` };
    return { kind: 'start', overrides };
  }
  const waitSeconds = values.wait === undefined ? DEFAULT_WAIT_SECONDS : Number(values.wait);
  if (!Number.isFinite(waitSeconds) || waitSeconds < 0) return { kind: 'error', message: `--wait ${values.wait} is not a number of seconds` };
  return { kind: 'restart', overrides, node: values.node, waitSeconds };
}
