/**
 * A counting TCP proxy on loopback: put in front of a server, it counts the bytes each way as they
 * cross the socket (HTTP upgrade, WebSocket framing and all), whatever protocol the client speaks,
 * and notes whether the client offered permessage-deflate and whether the server accepted it.
 */
import { createConnection, createServer, type Socket } from 'node:net';

export interface ByteProxy {
  readonly port: number;
  /** Bytes from the server to clients, and from clients to the server, so far. */
  readonly toClient: number;
  readonly toServer: number;
  readonly deflateOffered: boolean;
  readonly deflateAccepted: boolean;
  close(): Promise<void>;
}

const DEFLATE = /sec-websocket-extensions:[^\r\n]*permessage-deflate/i;

export async function startByteProxy(targetPort: number): Promise<ByteProxy> {
  const sockets = new Set<Socket>();
  const state = { toClient: 0, toServer: 0, deflateOffered: false, deflateAccepted: false };
  const server = createServer((client) => {
    const upstream = createConnection({ host: '127.0.0.1', port: targetPort });
    sockets.add(client).add(upstream);
    let clientHead = '';
    let serverHead = '';
    client.on('data', (chunk: Buffer) => {
      state.toServer += chunk.length;
      if (clientHead.length < 8192) state.deflateOffered ||= DEFLATE.test((clientHead += chunk.toString('latin1')));
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      state.toClient += chunk.length;
      if (serverHead.length < 8192) state.deflateAccepted ||= DEFLATE.test((serverHead += chunk.toString('latin1')).split('\r\n\r\n')[0]!);
      client.write(chunk);
    });
    const end = (): void => { client.destroy(); upstream.destroy(); };
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : 0,
    get toClient() { return state.toClient; },
    get toServer() { return state.toServer; },
    get deflateOffered() { return state.deflateOffered; },
    get deflateAccepted() { return state.deflateAccepted; },
    close: () => new Promise((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    }),
  };
}
