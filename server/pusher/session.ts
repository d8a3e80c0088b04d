import { randomInt } from 'node:crypto';
import type { AppConfig } from '../config/types.js';
import type { Connection } from '../transport/socket.js';
import type { Subscriber } from '../channels/channel.js';
import { RateLimiter, UNLIMITED, WindowLimiter, type Limiter } from './rate-limit.js';

/** ws-level frame limit for any socket: room for an in-band 4302 answer to a moderately oversized frame. */
const MIN_WS_FRAME_LIMIT = 1024 * 1024;

/** Pusher socket ids look like "123456.7890123": two decimal numbers. */
export function newSocketId(): string {
  return `${randomInt(1, 2 ** 47)}.${randomInt(1, 2 ** 47)}`;
}

/** One client's Pusher state on top of its connection: app, socket id, channels, limits. */
export class Session implements Subscriber {
  readonly socketId = newSocketId();
  /** Channels this socket is subscribed to, with its presence membership where it has one. */
  readonly channels = new Map<string, { userId?: string; userInfo?: unknown }>();
  /** Channels where this socket may send frames larger than the app's message limit, and which events. */
  private readonly largeFrames = new Map<string, { bytes: number; events: ReadonlySet<string> }>();
  /** Set by pusher:signin. */
  userId: string | undefined;
  /** Signed in, or subscribed to a channel that needs a signature (Pusher's "authorized connection"). */
  authorized = false;
  /** The user ids whose online status this socket is told (from its sign-in). */
  watchlist: readonly string[] = [];
  readonly clientEvents: Limiter;
  /**
   * This socket's messages, handled one at a time: a subscribe that waits on
   * cluster state finishes before the next message (say, a client event on
   * that channel) is handled.
   */
  inbox: Promise<void> = Promise.resolve();
  readonly frames: RateLimiter;
  /** Kinds of error this socket was answered with: each is logged at warn once. */
  private readonly refusals = new Set<string>();

  constructor(readonly connection: Connection, readonly app: AppConfig) {
    const { enabled, maxAttempts, decaySeconds } = app.rateLimiting;
    this.clientEvents = enabled ? new WindowLimiter(maxAttempts, decaySeconds) : UNLIMITED;
    this.frames = new RateLimiter(app.frameFloodRate);
    connection.pingIntervalMs = app.pingInterval * 1000;
    this.limitIncomingFrames();
  }

  /** Lets `events` on `channel` be up to `bytes` long (document updates are larger than chat messages). */
  allowLargeFrames(channel: string, bytes: number, events: ReadonlySet<string>): void {
    this.largeFrames.set(channel, { bytes, events });
    this.limitIncomingFrames();
  }

  dropLargeFrames(channel: string): void {
    this.largeFrames.delete(channel);
    this.limitIncomingFrames();
  }

  /**
   * What ws itself takes from this socket. An ordinary socket's frames up to
   * twice the app's limit still get an in-band 4302 (the socket stays);
   * larger ones are cut off with 1009 before they are buffered. A document
   * editor's limit already has room for the JSON around its largest update.
   */
  private limitIncomingFrames(): void {
    const large = this.largeFrames.size > 0;
    this.connection.limitFrames(large ? this.frameLimit() : Math.max(MIN_WS_FRAME_LIMIT, 2 * this.app.maxMessageSize));
  }

  /** The largest frame this socket may send at all: checked before the frame is parsed. */
  frameLimit(): number {
    let limit = this.app.maxMessageSize;
    for (const { bytes } of this.largeFrames.values()) limit = Math.max(limit, bytes);
    return limit;
  }

  /** Whether a parsed frame over the app's message limit is one of the large events allowed here. */
  mayBeLarge(event: string, channel: string | undefined): boolean {
    return channel !== undefined && (this.largeFrames.get(channel)?.events.has(event) ?? false);
  }

  /** True the first time this socket is refused for `kind`. */
  firstRefusal(kind: string): boolean {
    if (this.refusals.has(kind)) return false;
    this.refusals.add(kind);
    return true;
  }

  send(frame: string | Buffer): void {
    this.connection.send(frame);
  }

  /** Sends and resolves once the frame left: for paced transfers of many large frames. */
  sendPaced(frame: string | Buffer): Promise<boolean> {
    return this.connection.sendAndDrain(frame);
  }

  /** Every user id this socket is known by: its sign-in and its presence memberships. */
  userIds(): Set<string> {
    const ids = new Set<string>();
    if (this.userId !== undefined) ids.add(this.userId);
    for (const { userId } of this.channels.values()) if (userId !== undefined) ids.add(userId);
    return ids;
  }
}
