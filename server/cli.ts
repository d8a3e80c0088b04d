/**
 * `chorus start [--host H] [--port P] [--debug]`: flags win over the environment, as with reverb:start.
 * `chorus restart [--node ID] [--wait SECONDS] [--host H] [--port P]`: as reverb:restart.
 * `chorus status [--json] [--host H] [--port P]`: the node's GET /status, printed.
 */
import { parseArgs } from 'node:util';
import type { ConfigOverrides } from './config/env.js';

export const USAGE = `Usage: chorus start [--host 0.0.0.0] [--port 8080] [--debug]
       chorus restart [--node ID] [--wait 120] [--host 127.0.0.1] [--port 8080]
       chorus status [--json] [--host 127.0.0.1] [--port 8080]

start    Starts one Chorus node. Configuration comes from the environment (see docs/config.md);
         flags override REVERB_SERVER_HOST, REVERB_SERVER_PORT and REVERB_DEBUG.
restart  Asks the nodes to restart without losing anything: each stops accepting, asks its
         clients to reconnect over CHORUS_RESTART_SPREAD_MS, stores every document and exits,
         for systemd or Supervisor to start it again. With REVERB_SCALING_ENABLED, every node
         in turn (or only --node ID), through Redis; without, the node at --host/--port.
         Waits up to --wait seconds for each node to be back (0: do not wait).
status   Prints the node's status (GET /status): health, the other live nodes, each app's
         connections and busiest channels cluster-wide, the busiest documents open on it.
         Run on the node's machine, or with CHORUS_METRICS_TOKEN set; --json prints the JSON.
         Exits 1 when the node does not answer or is not healthy.`;

const DEFAULT_WAIT_SECONDS = 120;

export type Command =
  | { kind: 'start'; overrides: ConfigOverrides }
  | { kind: 'restart'; overrides: ConfigOverrides; node: string | undefined; waitSeconds: number }
  | { kind: 'status'; overrides: ConfigOverrides; json: boolean }
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
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    return { kind: 'error', message: (error as Error).message };
  }
  const { values, positionals } = parsed;
  if (values.help) return { kind: 'help' };
  const command = positionals[0] ?? 'start';
  if (command !== 'start' && command !== 'restart' && command !== 'status') return { kind: 'error', message: `Unknown command "${command}"` };
  const overrides: ConfigOverrides = {};
  if (values.host !== undefined) overrides.host = values.host;
  if (values.debug) overrides.debug = true;
  if (values.port !== undefined) {
    const port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) return { kind: 'error', message: `--port ${values.port} is not a port number` };
    overrides.port = port;
  }
  if (command !== 'restart') {
    const misplaced = (['node', 'wait'] as const).find((flag) => values[flag] !== undefined);
    if (misplaced) return { kind: 'error', message: `--${misplaced} is for chorus restart` };
  }
  if (command === 'status') return { kind: 'status', overrides, json: values.json === true };
  if (values.json) return { kind: 'error', message: '--json is for chorus status' };
  if (command === 'start') return { kind: 'start', overrides };
  const waitSeconds = values.wait === undefined ? DEFAULT_WAIT_SECONDS : Number(values.wait);
  if (!Number.isFinite(waitSeconds) || waitSeconds < 0) return { kind: 'error', message: `--wait ${values.wait} is not a number of seconds` };
  return { kind: 'restart', overrides, node: values.node, waitSeconds };
}
