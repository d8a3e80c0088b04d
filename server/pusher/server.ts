/**
 * The Pusher protocol on top of the transport: open → handshake, message →
 * decode → pusher:* handler or client event, close → leave every channel.
 * Flow: transport/http.ts → here → handlers.ts | client-events.ts →
 * dispatcher.ts → pub/sub → channels. The one catch that turns errors into
 * `pusher:error` frames lives in `fail`; one socket's failure stays its own.
 */
import { CLIENT_EVENT_PREFIX, PusherEvent } from '../../shared/pusher/events.js';
import { decodeClientFrame, encodeServerFrame, type ClientFrame } from '../../shared/pusher/frames.js';
import type { AppRegistry } from '../config/apps.js';
import { truncate, type Logger } from '../observability/log.js';
import type { Connection } from '../transport/socket.js';
import { handleClientEvent } from './client-events.js';
import { PusherError } from './errors.js';
import { PUSHER_HANDLERS } from './handlers.js';
import { admit } from './handshake.js';
import { Session } from './session.js';
import type { SessionRegistry } from './sessions.js';
import { unsubscribe, type SubscriptionContext } from './subscribe.js';

export interface PusherServerDeps extends SubscriptionContext {
  readonly apps: AppRegistry;
  readonly sessions: SessionRegistry;
  readonly pathPrefix: string;
  /** Connections this node takes, all apps together; null: unlimited. */
  readonly maxConnections: number | null;
  /** Every error a socket is answered with, by name: for the metrics. */
  readonly refused?: (reason: string) => void;
}

export class PusherServer {
  private readonly authorizationTimers = new Map<Session, NodeJS.Timeout>();
  /** Closed sockets still leaving their channels. */
  private readonly leaving = new Set<Promise<void>>();

  constructor(private readonly deps: PusherServerDeps) {}

  open(connection: Connection): void {
    try {
      const app = admit(connection.request, this.deps.pathPrefix, this.deps.apps, (id) => this.deps.sessions.countFor(id));
      // Over capacity (4100): pusher-js backs off and tries again, perhaps on another node behind the balancer.
      if (this.deps.maxConnections !== null && this.deps.sessions.count >= this.deps.maxConnections) throw new PusherError('overCapacity');
      const session = new Session(connection, app);
      this.deps.sessions.add(session);
      session.send(encodeServerFrame(PusherEvent.connectionEstablished, {
        socket_id: session.socketId,
        activity_timeout: app.activityTimeout,
      }));
      if (app.signinTimeout > 0) this.requireAuthorization(connection, session, app.signinTimeout * 1000);
      this.deps.log.debug('connection established', { socket_id: session.socketId, app_id: app.id, origin: connection.request.origin });
    } catch (error) {
      this.fail(connection, undefined, error);
    }
  }

  message(connection: Connection, data: Buffer, isBinary: boolean): void {
    connection.touch();
    const session = this.deps.sessions.of(connection);
    if (!session) return; // refused at handshake and closing
    // The flood limit is checked on arrival, so a flood cannot queue up.
    if (!session.frames.take()) return this.fail(connection, session, new PusherError('floodClosed'));
    session.inbox = session.inbox
      .then(() => this.handle(session, data, isBinary))
      .catch((error: unknown) => this.fail(connection, session, error));
  }

  close(connection: Connection): void {
    const session = this.deps.sessions.remove(connection);
    if (!session) return;
    clearTimeout(this.authorizationTimers.get(session));
    this.authorizationTimers.delete(session);
    session.inbox = session.inbox.then(async () => {
      for (const channel of [...session.channels.keys()]) {
        try {
          await unsubscribe(this.deps, session, channel);
        } catch (error) {
          this.deps.log.error('error while leaving a channel', { socket_id: session.socketId, channel, err: error });
        }
      }
      await this.deps.users.signedOut(session).catch((error: unknown) => {
        this.deps.log.error('error while signing a user out', { socket_id: session.socketId, err: error });
      });
      this.deps.log.debug('connection closed', { socket_id: session.socketId });
    });
    const leaving = session.inbox;
    this.leaving.add(leaving);
    void leaving.finally(() => this.leaving.delete(leaving));
  }

  /** Resolves once every closed socket has left its channels (on shutdown, before what follows reads the cluster state). */
  async closed(): Promise<void> {
    await Promise.allSettled([...this.leaving]);
  }

  /** Pusher's authorized connections: sign in or subscribe to a private or presence channel in time, or be closed with 4009. */
  private requireAuthorization(connection: Connection, session: Session, ms: number): void {
    this.authorizationTimers.set(session, setTimeout(() => {
      this.authorizationTimers.delete(session);
      if (!session.authorized) this.fail(connection, session, new PusherError('notAuthorizedInTime'));
    }, ms));
  }

  private async handle(session: Session, data: Buffer, isBinary: boolean): Promise<void> {
    if (isBinary) throw new PusherError('invalidMessage', 'Binary frames are not part of the Pusher protocol');
    // Sizes are checked before parsing: only sockets on document channels may send more than the app limit.
    if (data.length > session.frameLimit()) throw tooLarge(data.length, session.frameLimit());
    const text = data.toString('utf8');
    if (this.deps.log.isDebug()) this.deps.log.debug('message received', { socket_id: session.socketId, frame: truncate(text) });
    const decoded = decodeClientFrame(text);
    if (!decoded.ok) throw new PusherError('invalidMessage', `Invalid message format (${decoded.reason})`);
    if (data.length > session.app.maxMessageSize && !session.mayBeLarge(decoded.frame.event, decoded.frame.channel)) {
      throw tooLarge(data.length, session.app.maxMessageSize);
    }
    await this.route(session, decoded.frame);
  }

  private route(session: Session, frame: ClientFrame): void | Promise<void> {
    // Own keys only: an event named "constructor" or "__proto__" must not find Object.prototype's.
    const handler = Object.hasOwn(PUSHER_HANDLERS, frame.event) ? PUSHER_HANDLERS[frame.event] : undefined;
    if (handler) return handler(this.deps, session, frame.data);
    if (frame.event.startsWith(CLIENT_EVENT_PREFIX)) return handleClientEvent(this.deps, session, frame);
    throw new PusherError('unknownEvent', `Unknown event "${truncate(frame.event, 64)}"`);
  }

  /** The one place errors become frames. Unexpected errors are logged as bugs, for this socket only. */
  private fail(connection: Connection, session: Session | undefined, error: unknown): void {
    const pusherError = error instanceof PusherError ? error : new PusherError('internal');
    this.deps.refused?.(pusherError.kind);
    if (!(error instanceof PusherError)) {
      this.deps.log.error('unexpected error handling a message', { socket_id: session?.socketId, err: error });
    } else {
      // Once per socket and kind at warn: a socket repeating a mistake (or flooding) must not flood the log too.
      const first = session?.firstRefusal(pusherError.kind) ?? true;
      const fields = { socket_id: session?.socketId, code: pusherError.code, error: pusherError.message };
      if (first) this.deps.log.warn('client error', fields);
      else this.deps.log.debug('client error', fields);
    }
    pusherError.sendTo(connection);
  }
}

function tooLarge(size: number, limit: number): PusherError {
  return new PusherError('payloadTooLarge', `Message of ${size} bytes is over the ${limit}-byte limit`);
}
