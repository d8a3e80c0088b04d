import { randomInt } from 'node:crypto';
import type { AppConfig } from '../config/types.js';
import type { Connection } from '../transport/socket.js';
import type { Subscriber } from '../channels/channel.js';
import { RateLimiter } from './rate-limit.js';

/** Pusher socket ids look like "123456.7890123": two decimal numbers. */
export function newSocketId(): string {
  return `${randomInt(1, 2 ** 47)}.${randomInt(1, 2 ** 47)}`;
}

/** One client's Pusher state on top of its connection: app, socket id, channels, limits. */
export class Session implements Subscriber {
  readonly socketId = newSocketId();
  /** Channels this socket is subscribed to, with its presence user id where it has one. */
  readonly channels = new Map<string, { userId?: string }>();
  /** Set by pusher:signin. */
  userId: string | undefined;
  readonly clientEvents: RateLimiter;
  readonly frames: RateLimiter;

  constructor(readonly connection: Connection, readonly app: AppConfig) {
    this.clientEvents = new RateLimiter(app.clientEventRate);
    this.frames = new RateLimiter(app.frameFloodRate);
    connection.pingIntervalMs = app.pingInterval * 1000;
  }

  send(frame: string | Buffer): void {
    this.connection.send(frame);
  }

  /** Every user id this socket is known by: its sign-in and its presence memberships. */
  userIds(): Set<string> {
    const ids = new Set<string>();
    if (this.userId !== undefined) ids.add(this.userId);
    for (const { userId } of this.channels.values()) if (userId !== undefined) ids.add(userId);
    return ids;
  }
}
