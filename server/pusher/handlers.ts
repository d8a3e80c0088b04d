/** The table of pusher:* events a client may send, read in one screen. */
import { PusherEvent } from '../../shared/pusher/events.js';
import { dataAsObject, encodeServerFrame } from '../../shared/pusher/frames.js';
import { PusherError } from './errors.js';
import type { Session } from './session.js';
import { signin } from './signin.js';
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
