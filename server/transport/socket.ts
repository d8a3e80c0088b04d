/**
 * One WebSocket, as the rest of the server sees it: send text, close with a
 * code, and know when it was last heard from. Knows nothing of Pusher.
 */
import type { Socket } from 'node:net';
import WebSocket from 'ws';
import { corkForThisTurn, uncorkNow } from './cork.js';

export interface ConnectionRequest {
  readonly path: string;
  readonly query: URLSearchParams;
  readonly origin: string | undefined;
  readonly remoteAddress: string | undefined;
}

/** Counts what crosses the sockets: for the metrics. */
export interface Traffic {
  received(bytes: number): void;
  sent(bytes: number): void;
}

export class Connection {
  /** ms timestamp of the last frame (or pong) from the peer. */
  lastSeen = Date.now();
  /** ms timestamp of the last ping we sent, cleared by any activity. */
  pingSentAt: number | undefined;
  /** How long this connection may be silent before it is pinged (set once its app is known). */
  pingIntervalMs = 60_000;
  private closing = false;

  constructor(
    private readonly ws: WebSocket,
    readonly request: ConnectionRequest,
    private readonly maxBufferedBytes: number,
    private readonly traffic?: Traffic,
  ) {}

  get isOpen(): boolean {
    return !this.closing && this.ws.readyState === WebSocket.OPEN;
  }

  touch(): void {
    this.lastSeen = Date.now();
    this.pingSentAt = undefined;
  }

  /**
   * Queues a text frame (a Buffer must hold UTF-8 text: broadcasts encode once for all sockets). A peer that stops reading is dropped rather than
   * allowed to grow the process's memory without bound.
   */
  send(text: string | Buffer): boolean {
    if (!this.isOpen) return false;
    const raw = (this.ws as unknown as { _socket?: Socket })._socket;
    if (this.ws.bufferedAmount > this.maxBufferedBytes) {
      // Held only by this turn's cork? Then the kernel takes it, and the peer is fine.
      if (raw) uncorkNow(raw);
      if (this.ws.bufferedAmount > this.maxBufferedBytes) {
        // A peer that does not read would not read a closing handshake either.
        this.terminate();
        return false;
      }
    }
    if (raw) corkForThisTurn(raw);
    this.ws.send(text, { binary: false });
    this.traffic?.sent(typeof text === 'string' ? Buffer.byteLength(text) : text.length);
    return true;
  }

  /**
   * Sends a frame and resolves once it has been handed to the network, so a
   * large transfer to one socket can be paced instead of queued whole.
   */
  sendAndDrain(text: string | Buffer): Promise<boolean> {
    if (!this.isOpen) return Promise.resolve(false);
    this.traffic?.sent(typeof text === 'string' ? Buffer.byteLength(text) : text.length);
    return new Promise((resolve) => this.ws.send(text, { binary: false }, (error) => resolve(!error)));
  }

  /**
   * The largest frame ws itself takes from this peer before closing with 1009,
   * without buffering the rest. ws has one limit per server (the largest any
   * socket may send, a document editor's); this sets its receiver's own field,
   * so a socket allowed less cannot make the node buffer more. Returns false
   * (and the server-wide limit applies) if ws no longer has that field.
   */
  limitFrames(bytes: number): boolean {
    const receiver = (this.ws as unknown as { _receiver?: { _maxPayload?: unknown } })._receiver;
    if (!receiver || typeof receiver._maxPayload !== 'number') return false;
    receiver._maxPayload = bytes;
    return true;
  }

  /** A WebSocket-level ping; the peer's pong counts as activity. */
  ping(): void {
    if (this.isOpen) this.ws.ping();
  }

  close(code: number, reason = ''): void {
    if (this.closing) return;
    this.closing = true;
    // Close reasons are limited to 123 bytes by RFC 6455.
    this.ws.close(code, Buffer.from(reason).subarray(0, 123).toString());
  }

  /** Drops the TCP connection without a closing handshake (shutdown after the grace period). */
  terminate(): void {
    this.closing = true;
    this.ws.terminate();
  }
}
