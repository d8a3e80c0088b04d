/**
 * A bare `ws` client speaking Pusher frames by hand: for malformed input and
 * for asserting the exact frames the server sends.
 */
import WebSocket from 'ws';
import { decodeServerFrame } from '../../shared/pusher/frames.js';

export interface ReceivedFrame {
  event: string;
  channel?: string;
  data?: string;
  user_id?: string;
  parsed: unknown;
}

export class RawClient {
  readonly frames: ReceivedFrame[] = [];
  private cursor = 0;
  private waiters: (() => void)[] = [];
  closed: { code: number; reason: string } | undefined;
  socketId = '';

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data, isBinary) => {
      if (!isBinary) this.frames.push(decodeServerFrame(data.toString()));
      this.wake();
    });
    ws.on('close', (code, reason) => {
      this.closed = { code, reason: reason.toString() };
      this.wake();
    });
    ws.on('error', () => undefined);
  }

  /** Opens a socket; resolves once it is open (not necessarily established). */
  static open(url: string, options: WebSocket.ClientOptions = {}): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, options);
      const client = new RawClient(ws);
      ws.once('open', () => resolve(client));
      ws.once('error', reject);
    });
  }

  /** Opens a socket and waits for pusher:connection_established. */
  static async connect(url: string, options: WebSocket.ClientOptions = {}): Promise<RawClient> {
    const client = await RawClient.open(url, options);
    const established = await client.next('pusher:connection_established');
    client.socketId = (established.parsed as { socket_id: string }).socket_id;
    return client;
  }

  send(frame: unknown): void {
    this.ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  sendRaw(data: string | Buffer, binary = false): void {
    this.ws.send(data, { binary });
  }

  subscribe(channel: string, extra: Record<string, unknown> = {}): void {
    this.send({ event: 'pusher:subscribe', data: { channel, ...extra } });
  }

  /** Waits for the next frame (after those already consumed) matching the event and channel. */
  async next(event: string, channel?: string, timeout = 5000): Promise<ReceivedFrame> {
    const deadline = Date.now() + timeout;
    for (;;) {
      while (this.cursor < this.frames.length) {
        const frame = this.frames[this.cursor++]!;
        if (frame.event === event && (channel === undefined || frame.channel === channel)) return frame;
      }
      if (this.closed) throw new Error(`Socket closed (${this.closed.code}) before ${event} arrived`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`Timed out waiting for ${event}${channel ? ` on ${channel}` : ''}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Waits until the server closes the socket. */
  async waitClosed(timeout = 5000): Promise<{ code: number; reason: string }> {
    const deadline = Date.now() + timeout;
    while (!this.closed) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error('Timed out waiting for the socket to close');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.closed;
  }

  /** Frames received so far with this event name (consumed or not). */
  all(event: string): ReceivedFrame[] {
    return this.frames.filter((f) => f.event === event);
  }

  close(): void {
    this.ws.close();
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}
