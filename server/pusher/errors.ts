import { PROTOCOL_ERRORS, type ProtocolErrorName, type ProtocolErrorSpec } from '../../shared/pusher/errors.js';
import { PusherEvent } from '../../shared/pusher/events.js';
import { encodeServerFrame } from '../../shared/pusher/frames.js';
import type { Connection } from '../transport/socket.js';

/**
 * A protocol error caused by what a client sent or did. Thrown by handlers and
 * turned into a `pusher:error` frame (and a close, when the spec says so) in
 * exactly one place: PusherServer.fail.
 */
export class PusherError extends Error {
  readonly spec: ProtocolErrorSpec;

  constructor(readonly kind: ProtocolErrorName, detail?: string) {
    const spec = PROTOCOL_ERRORS[kind];
    super(detail ?? spec.message);
    this.name = 'PusherError';
    this.spec = spec;
  }

  get code(): number {
    return this.spec.code;
  }

  get closes(): boolean {
    return this.spec.close;
  }

  toFrame(): string {
    return encodeServerFrame(PusherEvent.error, { code: this.code, message: this.message });
  }

  /** Sends the `pusher:error` frame, then closes with the code when the spec says so. */
  sendTo(connection: Connection): void {
    connection.send(this.toFrame());
    if (this.closes) connection.close(this.code, this.message);
  }
}
