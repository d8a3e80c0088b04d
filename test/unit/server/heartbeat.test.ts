import { describe, expect, it } from 'vitest';
import { sweep } from '../../../server/transport/heartbeat.js';
import type { Connection } from '../../../server/transport/socket.js';

function fakeConnection(lastSeen: number): Connection {
  return { lastSeen, pingSentAt: undefined, pingIntervalMs: 1000 } as unknown as Connection;
}

describe('heartbeat sweep', () => {
  it('pings a connection silent for its interval, then reports it stale an interval later', () => {
    const connection = fakeConnection(0);
    const idle: Connection[] = [];
    const stale: Connection[] = [];
    const options = { connections: () => [connection], onIdle: (c: Connection) => idle.push(c), onStale: (c: Connection) => stale.push(c) };
    sweep(options, 500);
    expect(idle).toHaveLength(0);
    sweep(options, 1000);
    expect(idle).toEqual([connection]);
    expect(connection.pingSentAt).toBe(1000);
    sweep(options, 1500);
    expect(stale).toHaveLength(0);
    sweep(options, 2000);
    expect(stale).toEqual([connection]);
  });

  it('does not report a connection that answered', () => {
    const connection = fakeConnection(0);
    const stale: Connection[] = [];
    const options = { connections: () => [connection], onIdle: () => undefined, onStale: (c: Connection) => stale.push(c) };
    sweep(options, 1000);
    connection.pingSentAt = undefined; // what touch() does on any frame or pong
    connection.lastSeen = 1200;
    sweep(options, 2100);
    expect(stale).toHaveLength(0);
  });
});
