/**
 * The node's one listening socket (TLS when given a certificate): plain HTTP requests go to the request
 * handler, WebSocket upgrades under `{prefix}/app/` go to ws. Everything above
 * this file receives callbacks and never touches node:http or ws directly.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { Connection, type ConnectionRequest, type Traffic } from './socket.js';

export interface SocketHandlers {
  open(connection: Connection): void;
  message(connection: Connection, data: Buffer, isBinary: boolean): void;
  close(connection: Connection): void;
}

export interface TransportOptions {
  readonly pathPrefix: string;
  /** Frames larger than this are refused by ws itself (close 1009) before being buffered. */
  readonly maxFrameBytes: number;
  readonly maxBufferedBytes: number;
  /** PEM certificate and key: serve https:// and wss:// instead of http:// and ws://. */
  readonly tls: { readonly cert: string; readonly key: string; readonly passphrase?: string } | null;
  readonly onRequest: (req: IncomingMessage, res: ServerResponse) => void;
  readonly sockets: SocketHandlers;
  readonly traffic?: Traffic;
}

export interface Transport {
  readonly server: Server;
  readonly connections: Set<Connection>;
  listen(host: string, port: number): Promise<number>;
  /** Answers new WebSocket upgrades 503 (a proxy then tries another node); plain HTTP is still served. */
  refuseUpgrades(): void;
  /** Stops accepting new connections and requests; open sockets stay. */
  stopAccepting(): void;
  /** Resolves once every socket has closed, or after timeoutMs. */
  drained(timeoutMs: number): Promise<void>;
}

export function createTransport(options: TransportOptions): Transport {
  const connections = new Set<Connection>();
  const drainWaiters = new Set<() => void>();
  const wss = new WebSocketServer({ noServer: true, maxPayload: options.maxFrameBytes, perMessageDeflate: false });
  const server: Server = options.tls ? createTlsServer(options.tls, options.onRequest) : createServer(options.onRequest);
  const socketPath = `${options.pathPrefix}/app/`;
  let refusing = false;

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (!url.pathname.startsWith(socketPath)) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
      return;
    }
    if (refusing) {
      socket.end('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => adopt(ws, toRequest(req, url)));
  });

  function adopt(ws: WebSocket, request: ConnectionRequest): void {
    const connection = new Connection(ws, request, options.maxBufferedBytes, options.traffic);
    connections.add(connection);
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      options.traffic?.received(data.length);
      options.sockets.message(connection, data, isBinary);
    });
    ws.on('ping', () => connection.touch());
    ws.on('pong', () => connection.touch());
    ws.on('error', () => undefined); // a broken peer ends in 'close'; nothing else to do
    ws.on('close', () => {
      connections.delete(connection);
      options.sockets.close(connection);
      if (connections.size === 0) for (const wake of drainWaiters) wake();
    });
    options.sockets.open(connection);
  }

  return {
    server,
    connections,
    listen: (host, port) =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          const address = server.address();
          resolve(typeof address === 'object' && address ? address.port : port);
        });
      }),
    drained: (timeoutMs) =>
      new Promise((resolve) => {
        if (connections.size === 0) return resolve();
        const done = (): void => {
          clearTimeout(timer);
          drainWaiters.delete(done);
          resolve();
        };
        const timer = setTimeout(done, timeoutMs);
        drainWaiters.add(done);
      }),
    refuseUpgrades: () => {
      refusing = true;
    },
    stopAccepting: () => {
      refusing = true;
      server.close();
      server.closeIdleConnections();
    },
  };
}

function toRequest(req: IncomingMessage, url: URL): ConnectionRequest {
  return {
    path: url.pathname,
    query: url.searchParams,
    origin: req.headers.origin,
    remoteAddress: req.socket.remoteAddress,
  };
}
