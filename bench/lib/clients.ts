/** Minimal raw Pusher clients for load: cheap to run by the thousand in one process. */
import WebSocket from 'ws';
import { signChannel } from '../../server/auth/signatures.js';
import { BENCH_APP } from './node-process.js';

export interface LoadClient {
  readonly ws: WebSocket;
  readonly socketId: string;
  /** Called with each raw text frame after the handshake. */
  onFrame: (text: string) => void;
}

export function connectClient(port: number): Promise<LoadClient> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/app/${BENCH_APP.key}?protocol=7&client=bench&version=1`, { perMessageDeflate: false });
    const client = { ws, socketId: '', onFrame: (_text: string) => undefined } as LoadClient & { socketId: string };
    ws.once('error', reject);
    ws.on('message', (data) => {
      const text = data.toString();
      if (!client.socketId) {
        client.socketId = /socket_id\\":\\"([\d.]+)/.exec(text)?.[1] ?? '';
        resolve(client);
        return;
      }
      client.onFrame(text);
    });
  });
}

/** Connects `count` clients, `parallel` at a time. */
export async function connectMany(port: number, count: number, parallel = 100): Promise<LoadClient[]> {
  const clients: LoadClient[] = [];
  for (let start = 0; start < count; start += parallel) {
    const batch = Math.min(parallel, count - start);
    clients.push(...(await Promise.all(Array.from({ length: batch }, () => connectClient(port)))));
  }
  return clients;
}

/** Subscribes and resolves once the server confirms. Private channels are signed here. */
export function subscribe(client: LoadClient, channel: string): Promise<void> {
  return new Promise((resolve) => {
    const previous = client.onFrame;
    client.onFrame = (text) => {
      if (text.includes('subscription_succeeded')) {
        client.onFrame = previous;
        resolve();
      }
    };
    const data: Record<string, string> = { channel };
    if (channel.startsWith('private-')) data.auth = signChannel(BENCH_APP.key, BENCH_APP.secret, client.socketId, channel);
    client.ws.send(JSON.stringify({ event: 'pusher:subscribe', data }));
  });
}

export async function closeAll(clients: LoadClient[]): Promise<void> {
  await Promise.all(clients.map((c) => new Promise<void>((resolve) => {
    if (c.ws.readyState === WebSocket.CLOSED) return resolve();
    c.ws.once('close', () => resolve());
    c.ws.close();
  })));
}

/** A monotonic wall clock in ms shared by sender and receivers in this process. */
export function now(): number {
  return performance.timeOrigin + performance.now();
}
