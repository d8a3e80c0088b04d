/**
 * client-* events: who may send them, where, how often, and their relay to
 * the channel's other subscribers (never back to the sender), stamped with
 * the sender's user_id on presence channels.
 */
import { allowsClientEvents, channelKind } from '../../shared/pusher/channels.js';
import { dataAsString, type ClientFrame } from '../../shared/pusher/frames.js';
import type { RateLimiting } from '../config/types.js';
import type { Logger } from '../observability/log.js';
import type { Activity } from './activity.js';
import type { ChannelHooks } from './channel-hooks.js';
import type { Dispatcher } from './dispatcher.js';
import { PusherError } from './errors.js';
import type { Session } from './session.js';

export interface ClientEventContext {
  readonly dispatcher: Dispatcher;
  readonly hooks: ChannelHooks;
  readonly activity: Activity;
  readonly log: Logger;
}

export function handleClientEvent(ctx: ClientEventContext, session: Session, frame: ClientFrame): void {
  const channel = checkAllowed(session, frame);
  // A channel's hook (documents) may take the event, with limits of its own.
  if (ctx.hooks.find(channel)?.clientEvent(session, channel, frame)) return;
  if (!session.clientEvents.take()) throw overLimit(session.app.rateLimiting);
  const userId = session.channels.get(channel)?.userId;
  ctx.dispatcher.publish(session.app.id, channel, frame.event, frame.data, userId === undefined
    ? { except: session.socketId }
    : { except: session.socketId, userId });
  ctx.log.debug('client event relayed', { socket_id: session.socketId, channel, event: frame.event });
  if (ctx.activity.wants(session.app.id, 'client_event')) {
    const data = dataAsString(frame.data);
    ctx.activity.clientEvent(session.app.id, { channel, event: frame.event, data, socketId: session.socketId, ...(userId === undefined ? {} : { userId }) });
  }
}

function checkAllowed(session: Session, frame: ClientFrame): string {
  const policy = session.app.acceptClientEventsFrom;
  if (policy === 'none') throw new PusherError('clientEventRejected', 'Client events are disabled for this app');
  const channel = frame.channel;
  if (channel === undefined) throw new PusherError('invalidMessage', 'Client events need a channel');
  if (!allowsClientEvents(channelKind(channel))) {
    throw new PusherError('clientEventRejected', `Client events are only allowed on private and presence channels, not on ${channel}`);
  }
  if (policy === 'members' && !session.channels.has(channel)) {
    throw new PusherError('clientEventRejected', `Not subscribed to ${channel}`);
  }
  return channel;
}

/** Over the limit the event is dropped (4301), or, with REVERB_APP_RATE_LIMIT_TERMINATE, the connection closed (4101). */
function overLimit({ maxAttempts, decaySeconds, terminate }: RateLimiting): PusherError {
  const reason = `Client event rejected due to rate limit (${maxAttempts} in ${decaySeconds} s)`;
  return terminate ? new PusherError('floodClosed', `${reason}; closing the connection`) : new PusherError('rateLimited', reason);
}
