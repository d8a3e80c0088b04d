/** The table of pusher:* events a client may send, read in one screen. */
import { PusherEvent } from '../../shared/pusher/events.js';
import { dataAsObject, encodeServerFrame, isPlainObject } from '../../shared/pusher/frames.js';
import { verifyUserAuth } from '../auth/signatures.js';
import { PusherError } from './errors.js';
import type { Session } from './session.js';
import { subscribe, unsubscribe, type SubscriptionContext } from './subscribe.js';

type Handler = (ctx: SubscriptionContext, session: Session, data: unknown) => void | Promise<void>;

export const PUSHER_HANDLERS: Readonly<Record<string, Handler>> = {
  [PusherEvent.ping]: (_ctx, session) => session.send(encodeServerFrame(PusherEvent.pong, {})),
  [PusherEvent.pong]: () => undefined, // activity was recorded on receipt
  [PusherEvent.subscribe]: subscribe,
  [PusherEvent.unsubscribe]: (ctx, session, data) => {
    const channel = dataAsObject(data)?.channel;
    if (typeof channel !== 'string') throw new PusherError('invalidMessage', 'pusher:unsubscribe needs a channel');
    return unsubscribe(ctx, session, channel);
  },
  [PusherEvent.signin]: signin,
};

/** User authentication (pusher:signin): `auth` signs "socket_id::user::user_data". */
function signin(ctx: SubscriptionContext, session: Session, data: unknown): void {
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
  const id = isPlainObject(user) ? user.id : undefined;
  if (typeof id !== 'string' && typeof id !== 'number') throw new PusherError('invalidMessage', 'user_data must carry an id');
  session.userId = String(id);
  session.send(encodeServerFrame(PusherEvent.signinSuccess, { user_data: userData }));
  ctx.log.debug('signed in', { socket_id: session.socketId, user_id: session.userId });
}
