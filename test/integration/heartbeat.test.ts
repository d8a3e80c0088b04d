import { afterEach, describe, expect, it } from 'vitest';
import { RawClient } from '../helpers/raw-client.js';
import { closeAllServers, startServer } from '../helpers/server.js';

afterEach(closeAllServers);

describe('heartbeat', () => {
  it('answers pusher:ping with pusher:pong', async () => {
    const server = await startServer();
    const client = await RawClient.connect(server.wsUrl());
    client.send({ event: 'pusher:ping', data: {} });
    const pong = await client.next('pusher:pong');
    expect(pong.data).toBe('{}');
    client.close();
  });

  it('answers WebSocket ping frames with pong frames', async () => {
    const server = await startServer();
    const client = await RawClient.connect(server.wsUrl());
    const pong = new Promise<string>((resolve) => client.ws.once('pong', (data) => resolve(data.toString())));
    client.ws.ping('hello');
    expect(await pong).toBe('hello');
    client.close();
  });

  it('pings a silent client, and closes it with 4201 when no pong comes', async () => {
    const server = await startServer({}, { pingInterval: 0.2 });
    const client = await RawClient.connect(server.wsUrl(), { autoPong: false });
    await client.next('pusher:ping');
    const closed = await client.waitClosed();
    expect(closed.code).toBe(4201);
    expect(client.all('pusher:error').map((f) => (f.parsed as { code: number }).code)).toContain(4201);
  });

  it('keeps a client that answers pings with pusher:pong', async () => {
    const server = await startServer({}, { pingInterval: 0.2 });
    const client = await RawClient.connect(server.wsUrl(), { autoPong: false });
    for (let i = 0; i < 3; i += 1) {
      await client.next('pusher:ping');
      client.send({ event: 'pusher:pong', data: {} });
    }
    expect(client.closed).toBeUndefined();
    client.close();
  });

  it('counts WebSocket pong frames as activity', async () => {
    const server = await startServer({}, { pingInterval: 0.2 });
    const client = await RawClient.connect(server.wsUrl()); // ws answers ping frames by itself
    for (let i = 0; i < 3; i += 1) await client.next('pusher:ping');
    expect(client.closed).toBeUndefined();
    client.close();
  });
});
