import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { RawClient } from '../helpers/raw-client.js';
import { closeAllServers, startServer } from '../helpers/server.js';

afterEach(closeAllServers);

async function refusal(url: string, options: WebSocket.ClientOptions = {}): Promise<{ code: number; errorCode: unknown }> {
  const client = await RawClient.open(url, options);
  const error = await client.next('pusher:error');
  const closed = await client.waitClosed();
  return { code: closed.code, errorCode: (error.parsed as { code: number }).code };
}

describe('connection handshake', () => {
  it('establishes a connection with a Pusher socket id and a non-zero activity timeout', async () => {
    const server = await startServer();
    const client = await RawClient.connect(server.wsUrl());
    const established = client.all('pusher:connection_established')[0]!;
    expect(typeof established.data).toBe('string');
    const data = established.parsed as { socket_id: string; activity_timeout: number };
    expect(data.socket_id).toMatch(/^\d+\.\d+$/);
    expect(data.activity_timeout).toBe(30);
    client.close();
  });

  it('gives every connection its own socket id', async () => {
    const server = await startServer();
    const clients = await Promise.all([1, 2, 3].map(() => RawClient.connect(server.wsUrl())));
    expect(new Set(clients.map((c) => c.socketId)).size).toBe(3);
    clients.forEach((c) => c.close());
  });

  it('refuses an unknown app key with 4001, which tells pusher-js not to retry', async () => {
    const server = await startServer();
    expect(await refusal(server.wsUrl('nope'))).toEqual({ code: 4001, errorCode: 4001 });
  });

  it.each([
    ['no protocol', 'client=js', 4008],
    ['a malformed protocol', 'protocol=seven', 4006],
    ['an unsupported protocol', 'protocol=99', 4007],
  ])('refuses %s', async (_what, query, code) => {
    const server = await startServer();
    expect(await refusal(server.wsUrl(undefined, query))).toEqual({ code, errorCode: code });
  });

  it('refuses an origin outside REVERB_ALLOWED_ORIGINS with 4009 and admits a matching one', async () => {
    const server = await startServer({}, { allowedOrigins: ['*.example.com'] });
    expect(await refusal(server.wsUrl(), { origin: 'https://evil.test' })).toEqual({ code: 4009, errorCode: 4009 });
    const ok = await RawClient.connect(server.wsUrl(), { origin: 'https://app.example.com' });
    expect(ok.socketId).toMatch(/^\d+\.\d+$/);
    ok.close();
  });

  it('matches an allowed origin with a scheme exactly: scheme, host and port', async () => {
    const server = await startServer({}, { allowedOrigins: ['https://docs.example.com', 'http://localhost:5173'] });
    for (const origin of ['http://docs.example.com', 'https://docs.example.com:8443', 'https://docs.example.com.evil.test', 'http://localhost:5174']) {
      expect(await refusal(server.wsUrl(), { origin }), origin).toEqual({ code: 4009, errorCode: 4009 });
    }
    expect(await refusal(server.wsUrl())).toEqual({ code: 4009, errorCode: 4009 }); // no Origin at all
    for (const origin of ['https://docs.example.com', 'https://docs.example.com:443', 'http://localhost:5173']) {
      const ok = await RawClient.connect(server.wsUrl(), { origin });
      expect(ok.socketId).toMatch(/^\d+\.\d+$/);
      ok.close();
    }
  });

  it('refuses connections over the app quota with 4004 and admits again once one leaves', async () => {
    const server = await startServer({}, { maxConnections: 2 });
    const a = await RawClient.connect(server.wsUrl());
    const b = await RawClient.connect(server.wsUrl());
    expect(await refusal(server.wsUrl())).toEqual({ code: 4004, errorCode: 4004 });
    a.close();
    await a.waitClosed();
    const c = await RawClient.connect(server.wsUrl());
    expect(c.socketId).not.toBe('');
    b.close();
    c.close();
  });

  it('serves the socket and the API under REVERB_SERVER_PATH', async () => {
    const server = await startServer({ pathPrefix: '/realtime' });
    const client = await RawClient.connect(server.wsUrl());
    expect(client.socketId).not.toBe('');
    const unprefixed = new WebSocket(`ws://127.0.0.1:${server.port}/app/test-key?protocol=7`);
    const status = await new Promise<number>((resolve) => unprefixed.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0)));
    expect(status).toBe(404);
    const up = await fetch(`${server.httpUrl}/up`);
    expect(up.status).toBe(200);
    client.close();
  });
});
