/**
 * One timer for all sockets: ping the ones that have been silent for their
 * ping interval, and report the ones that stayed silent a whole interval after
 * the ping. A per-socket timer would cost too much at 10,000 sockets.
 */
import type { Connection } from './socket.js';

export interface HeartbeatOptions {
  readonly sweepEveryMs: number;
  readonly connections: () => Iterable<Connection>;
  readonly onIdle: (connection: Connection) => void;
  readonly onStale: (connection: Connection) => void;
}

export function startHeartbeat(options: HeartbeatOptions): () => void {
  const timer = setInterval(() => sweep(options, Date.now()), options.sweepEveryMs);
  timer.unref();
  return () => clearInterval(timer);
}

export function sweep(options: Pick<HeartbeatOptions, 'connections' | 'onIdle' | 'onStale'>, now: number): void {
  for (const connection of options.connections()) {
    if (connection.pingSentAt !== undefined) {
      if (now - connection.pingSentAt >= connection.pingIntervalMs) options.onStale(connection);
    } else if (now - connection.lastSeen >= connection.pingIntervalMs) {
      connection.pingSentAt = now;
      options.onIdle(connection);
    }
  }
}
