/**
 * pusher:subscribe and pusher:unsubscribe: name checks, signature checks for
 * private and presence channels, presence membership and its announcements.
 */
import { channelKind, channelNameProblem, needsAuth } from '../../shared/pusher/channels.js';
import { PusherEvent } from '../../shared/pusher/events.js';
import { dataAsObject, encodeServerFrame, isPlainObject } from '../../shared/pusher/frames.js';
import { verifyChannelAuth } from '../auth/signatures.js';
import type { AppChannels } from '../channels/registry.js';
import type { Member } from '../channels/presence.js';
import type { Logger } from '../observability/log.js';
import type { ChannelHooks } from './channel-hooks.js';
import type { Dispatcher } from './dispatcher.js';
import { PusherError } from './errors.js';
import type { Session } from './session.js';

export interface SubscriptionContext {
  readonly channels: AppChannels;
  readonly dispatcher: Dispatcher;
  readonly maxChannelNameLength: number;
  readonly hooks: ChannelHooks;
  readonly log: Logger;
}

/** A refusal addressed to one channel: becomes pusher:subscription_error, the socket stays. */
class SubscriptionRefused extends Error {
  constructor(readonly type: string, message: string, readonly status: number) {
    super(message);
  }
}

export function subscribe(ctx: SubscriptionContext, session: Session, data: unknown): void {
  const payload = dataAsObject(data);
  if (!payload) throw new PusherError('invalidMessage', 'pusher:subscribe data must be an object');
  const name = payload.channel;
  const problem = channelNameProblem(name, ctx.maxChannelNameLength);
  if (problem || typeof name !== 'string') throw new PusherError('invalidChannel', `Invalid channel name: ${problem}`);
  if (session.channels.has(name)) throw new PusherError('alreadySubscribed', `Already subscribed to ${name}`);
  try {
    const member = authorise(ctx, session, name, payload);
    join(ctx, session, name, member);
    ctx.log.debug('subscribed', { socket_id: session.socketId, channel: name, auth: needsAuth(channelKind(name)) ? 'ok' : 'public' });
  } catch (error) {
    if (!(error instanceof SubscriptionRefused)) throw error;
    ctx.log.debug('subscription refused', { socket_id: session.socketId, channel: name, reason: error.message });
    session.send(encodeServerFrame(PusherEvent.subscriptionError, { type: error.type, error: error.message, status: error.status }, name));
  }
}

function authorise(ctx: SubscriptionContext, session: Session, name: string, payload: Record<string, unknown>): Member | undefined {
  const kind = channelKind(name);
  if (!needsAuth(kind)) return undefined;
  const channelData = kind === 'presence' ? payload.channel_data : undefined;
  if (kind === 'presence' && typeof channelData !== 'string') {
    throw new SubscriptionRefused('AuthError', 'Presence subscriptions need channel_data as a JSON string', 401);
  }
  if (!verifyChannelAuth(session.app, payload.auth, session.socketId, name, channelData as string | undefined)) {
    throw new SubscriptionRefused('AuthError', `Invalid signature for ${name}`, 401);
  }
  return kind === 'presence' ? presenceMember(ctx, session, name, channelData as string) : undefined;
}

function presenceMember(ctx: SubscriptionContext, session: Session, name: string, channelData: string): Member {
  let parsed: unknown;
  try {
    parsed = JSON.parse(channelData);
  } catch {
    throw new SubscriptionRefused('AuthError', 'channel_data is not valid JSON', 401);
  }
  const userId = isPlainObject(parsed) ? parsed.user_id : undefined;
  if (!isPlainObject(parsed) || (typeof userId !== 'string' && typeof userId !== 'number') || String(userId) === '') {
    throw new SubscriptionRefused('AuthError', 'channel_data must carry a user_id', 401);
  }
  const userInfo = parsed.user_info ?? {};
  if (Buffer.byteLength(JSON.stringify(userInfo)) > session.app.maxUserInfoBytes) {
    throw new SubscriptionRefused('LimitReached', `user_info is larger than ${session.app.maxUserInfoBytes} bytes`, 413);
  }
  const roster = ctx.channels.for(session.app.id).find(name)?.roster;
  const limit = ctx.hooks.find(name)?.maxMembers(session.app) ?? session.app.maxPresenceMembers;
  if (roster && !roster.has(String(userId)) && roster.count >= limit) {
    throw new SubscriptionRefused('LimitReached', `${name} is full (${limit} members)`, 403);
  }
  return { userId: String(userId), userInfo };
}

function join(ctx: SubscriptionContext, session: Session, name: string, member: Member | undefined): void {
  const { channel, memberAdded } = ctx.channels.for(session.app.id).subscribe(session, name, member);
  session.channels.set(name, member ? { userId: member.userId, userInfo: member.userInfo } : {});
  const succeeded = channel.roster ? channel.roster.payload() : {};
  session.send(encodeServerFrame(PusherEvent.subscriptionSucceeded, succeeded, name));
  if (memberAdded) {
    ctx.dispatcher.publish(session.app.id, name, PusherEvent.memberAdded,
      { user_id: memberAdded.userId, user_info: memberAdded.userInfo }, { except: session.socketId });
  }
  ctx.hooks.find(name)?.joined(session, name, member);
}

export function unsubscribe(ctx: SubscriptionContext, session: Session, name: string): void {
  if (!session.channels.delete(name)) return;
  const { memberRemoved } = ctx.channels.for(session.app.id).unsubscribe(session.socketId, name);
  if (memberRemoved !== undefined) {
    ctx.dispatcher.publish(session.app.id, name, PusherEvent.memberRemoved, { user_id: memberRemoved });
  }
  ctx.hooks.find(name)?.left(session, name);
  ctx.log.debug('unsubscribed', { socket_id: session.socketId, channel: name });
}
