/**
 * User authentication (pusher:signin): `auth` signs "socket_id::user::user_data",
 * and user_data is a JSON object with an `id` and, optionally, a `watchlist`
 * of user ids whose online status the connection is told (at most 100, as
 * Pusher: more are cut, with a 4302 error naming the ones kept).
 */
import { PusherEvent } from '../../shared/pusher/events.js';
import { dataAsObject, encodeServerFrame, isPlainObject } from '../../shared/pusher/frames.js';
import { verifyUserAuth } from '../auth/signatures.js';
import { PusherError } from './errors.js';
import type { Session } from './session.js';
import type { SubscriptionContext } from './subscribe.js';

export const MAX_WATCHLIST = 100;

export async function signin(ctx: SubscriptionContext, session: Session, data: unknown): Promise<void> {
  const { userData, user } = verifiedUserData(session, data);
  const id = user.id;
  if ((typeof id !== 'string' && typeof id !== 'number') || String(id) === '') throw new PusherError('invalidMessage', 'user_data must carry an id');
  if (session.userId !== undefined && session.userId !== String(id)) {
    throw new PusherError('authFailed', 'This connection is signed in as another user');
  }
  const watchlist = readWatchlist(user.watchlist);
  const kept = watchlist.slice(0, MAX_WATCHLIST);
  const first = session.userId === undefined;
  session.userId = String(id);
  session.authorized = true;
  session.send(encodeServerFrame(PusherEvent.signinSuccess, { user_data: userData }));
  if (watchlist.length > kept.length) {
    session.send(new PusherError('watchlistTooLong', `Watchlist limit exceeded. Only the first ${MAX_WATCHLIST} user IDs are accepted: ${kept.join(',')}`).toFrame());
  }
  ctx.log.debug('signed in', { socket_id: session.socketId, user_id: session.userId, watchlist: kept.length });
  if (first) await ctx.users.signedIn(session);
  // Signing in again with the same watchlist changes nothing: its statuses are not read again.
  if (first || kept.join('\n') !== session.watchlist.join('\n')) await ctx.users.watch(session, kept);
}

function verifiedUserData(session: Session, data: unknown): { userData: string; user: Record<string, unknown> } {
  const payload = dataAsObject(data);
  const userData = payload?.user_data;
  if (typeof userData !== 'string') throw new PusherError('invalidMessage', 'pusher:signin needs user_data as a JSON string');
  if (!verifyUserAuth(session.app, payload?.auth, session.socketId, userData)) {
    throw new PusherError('authFailed', 'Invalid signature for pusher:signin');
  }
  let user: unknown;
  try {
    user = JSON.parse(userData);
  } catch {
    throw new PusherError('invalidMessage', 'user_data is not valid JSON');
  }
  if (!isPlainObject(user)) throw new PusherError('invalidMessage', 'user_data must be a JSON object');
  return { userData, user };
}

/** The watchlist's user ids, once each, in order. */
function readWatchlist(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || !value.every((id) => (typeof id === 'string' && id !== '') || typeof id === 'number')) {
    throw new PusherError('invalidMessage', 'watchlist must be a list of user ids');
  }
  return [...new Set(value.map(String))];
}
