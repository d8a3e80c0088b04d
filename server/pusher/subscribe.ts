/**
 * pusher:subscribe and pusher:unsubscribe: name checks, signature checks for
 * private and presence channels, presence membership and its announcements.
 */
import { channelKind, channelNameProblem, isCacheChannel, isInternalChannel, needsAuth, userChannelOwner, type ChannelKind } from '../../shared/pusher/channels.js';
import { PusherEvent } from '../../shared/pusher/events.js';
import { dataAsObject, encodeServerFrame, isPlainObject } from '../../shared/pusher/frames.js';
import { verifyChannelAuth } from '../auth/signatures.js';
import type { AppChannels } from '../channels/registry.js';
import { presencePayload } from '../channels/presence.js';
import type { ClusterState } from '../scaling/cluster-state.js';
import type { Member } from '../channels/presence.js';
import type { Logger } from '../observability/log.js';
import { sendCached, type CacheDeliveryContext } from './cache-delivery.js';
import type { ChannelHooks } from './channel-hooks.js';
import type { Dispatcher } from './dispatcher.js';
import { PusherError } from './errors.js';
import type { OnlineUsers } from './online-users.js';
import type { Session } from './session.js';
import type { SubscriptionCounts } from './subscription-count.js';

export interface SubscriptionContext extends CacheDeliveryContext {
  readonly channels: AppChannels;
  readonly dispatcher: Dispatcher;
  readonly maxChannelNameLength: number;
  /** Channels one socket may be subscribed to at once. */
  readonly maxChannelsPerConnection: number;
  readonly hooks: ChannelHooks;
  readonly cluster: ClusterState;
  /** Resolves once this node receives the channel's traffic from other nodes. */
  readonly whenWatching: (appId: string, channel: string) => Promise<void>;
  readonly users: OnlineUsers;
  readonly counts: SubscriptionCounts;
  readonly log: Logger;
}

/** A refusal addressed to one channel: becomes pusher:subscription_error, the socket stays. */
class SubscriptionRefused extends Error {
  constructor(readonly type: string, message: string, readonly status: number) {
    super(message);
  }
}

export async function subscribe(ctx: SubscriptionContext, session: Session, data: unknown): Promise<void> {
  const payload = dataAsObject(data);
  if (!payload) throw new PusherError('invalidMessage', 'pusher:subscribe data must be an object');
  const name = payload.channel;
  const problem = nameProblem(name, ctx.maxChannelNameLength);
  if (problem || typeof name !== 'string') throw new PusherError('invalidChannel', `Invalid channel name: ${problem}`);
  if (session.channels.has(name)) throw new PusherError('alreadySubscribed', `Already subscribed to ${name}`);
  if (session.channels.size >= ctx.maxChannelsPerConnection) {
    throw new PusherError('overBudget', `A connection may be subscribed to ${ctx.maxChannelsPerConnection} channels at once; unsubscribe from one first`);
  }
  try {
    const member = await authorise(ctx, session, name, payload);
    const refusal = await ctx.hooks.find(name)?.admit?.(session, name);
    if (refusal) throw new SubscriptionRefused(refusal.type, refusal.error, refusal.status);
    await join(ctx, session, name, member);
    ctx.log.debug('subscribed', { socket_id: session.socketId, channel: name, auth: needsAuth(channelKind(name)) ? 'ok' : 'public' });
  } catch (error) {
    if (!(error instanceof SubscriptionRefused)) throw error;
    ctx.log.debug('subscription refused', { socket_id: session.socketId, channel: name, reason: error.message });
    session.send(encodeServerFrame(PusherEvent.subscriptionError, { type: error.type, error: error.message, status: error.status }, name));
  }
}

/** Why no client may subscribe to this name (error 4304); `#` names are reserved but for the user channel. */
function nameProblem(name: unknown, maxLength: number): string | undefined {
  if (typeof name !== 'string' || !isInternalChannel(name)) return channelNameProblem(name, maxLength);
  if (userChannelOwner(name, maxLength) !== undefined) return undefined;
  return 'names starting with # are reserved (a signed-in socket may subscribe to #server-to-user-{its user id})';
}

async function authorise(ctx: SubscriptionContext, session: Session, name: string, payload: Record<string, unknown>): Promise<Member | undefined> {
  const owner = userChannelOwner(name, ctx.maxChannelNameLength);
  if (owner !== undefined) return ownUserChannel(session, name, owner);
  const kind = channelKind(name);
  if (!needsAuth(kind)) return undefined;
  const channelData = signedChannelData(kind, payload.channel_data);
  if (!verifyChannelAuth(session.app, payload.auth, session.socketId, name, channelData)) {
    throw new SubscriptionRefused('AuthError', `Invalid signature for ${name}`, 401);
  }
  return kind === 'presence' ? presenceMember(ctx, session, name, channelData as string) : undefined;
}

/** `#server-to-user-{id}`: the user's own, once signed in as them (pusher-js subscribes after pusher:signin_success). */
function ownUserChannel(session: Session, name: string, owner: string): undefined {
  if (session.userId === undefined) throw new SubscriptionRefused('AuthError', `Sign in (pusher:signin) before subscribing to ${name}`, 403);
  if (session.userId !== owner) throw new SubscriptionRefused('AuthError', `${name} belongs to another user`, 403);
  return undefined;
}

/**
 * The channel_data the signature covers. Presence needs it; a private channel
 * may carry it too (the SDKs sign it whenever they return it), and then, as
 * with hosted Pusher and Reverb, the signature is over `socket_id:channel:channel_data`.
 */
function signedChannelData(kind: ChannelKind, channelData: unknown): string | undefined {
  if (kind === 'presence') {
    if (typeof channelData === 'string') return channelData;
    throw new SubscriptionRefused('AuthError', 'Presence subscriptions need channel_data as a JSON string', 401);
  }
  if (channelData === undefined || channelData === null || channelData === '') return undefined;
  if (typeof channelData !== 'string') throw new SubscriptionRefused('AuthError', 'channel_data must be a JSON string', 401);
  return channelData;
}

async function presenceMember(ctx: SubscriptionContext, session: Session, name: string, channelData: string): Promise<Member> {
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
  const limit = ctx.hooks.find(name)?.maxMembers(session.app) ?? session.app.maxPresenceMembers;
  const { id } = session.app;
  // Both asked at once: with Redis each is a round trip.
  const [count, present] = await Promise.all([ctx.cluster.memberCount(id, name), ctx.cluster.hasMember(id, name, String(userId))]);
  if (count >= limit && !present) {
    throw new SubscriptionRefused('LimitReached', `${name} is full (${limit} members)`, 403);
  }
  return { userId: String(userId), userInfo };
}

async function join(ctx: SubscriptionContext, session: Session, name: string, member: Member | undefined): Promise<void> {
  const { id } = session.app;
  const channel = ctx.channels.for(id).subscribe(session, name);
  const cachedBefore = channel.cachedDeliveries;
  session.channels.set(name, member ? { userId: member.userId, userInfo: member.userInfo } : {});
  if (needsAuth(channel.kind)) session.authorized = true;
  // Confirm only once events published on other nodes will reach this socket (or Redis had its chance);
  // the presence bookkeeping goes on meanwhile, each step a Redis round trip when scaling.
  const watching = ctx.whenWatching(id, name);
  if (!member || !channel.presence) {
    await watching;
    session.send(encodeServerFrame(PusherEvent.subscriptionSucceeded, {}, name));
  } else {
    const [{ added, confirmed }] = await Promise.all([ctx.cluster.joinPresence(id, name, session.socketId, member), watching]);
    // Every local subscriber holds the same list; the first one's comes from the cluster state, read only once
    // this node watches the channel, so that a join elsewhere is either in the list or announced to it.
    const list = channel.presence.listFor(member, channel.presence.known ? undefined : await ctx.cluster.members(id, name));
    session.send(encodeServerFrame(PusherEvent.subscriptionSucceeded, presencePayload(list), name));
    if (added) {
      ctx.dispatcher.announce(id, name, { type: 'added', userId: member.userId, userInfo: member.userInfo }, { everywhere: confirmed, except: session.socketId });
      ctx.activity.memberAdded(id, name, member.userId);
    }
  }
  if (isCacheChannel(name)) await sendCached(ctx, session, channel, cachedBefore);
  ctx.hooks.find(name)?.joined(session, name, member);
  await ctx.counts.changed(session.app, name);
}

export async function unsubscribe(ctx: SubscriptionContext, session: Session, name: string): Promise<void> {
  const membership = session.channels.get(name);
  if (!membership) return;
  session.channels.delete(name);
  ctx.channels.for(session.app.id).unsubscribe(session.socketId, name);
  ctx.hooks.find(name)?.left(session, name);
  await ctx.counts.changed(session.app, name);
  if (membership.userId !== undefined) {
    const { removed, confirmed } = await ctx.cluster.leavePresence(session.app.id, name, session.socketId, membership.userId);
    if (removed) {
      ctx.dispatcher.announce(session.app.id, name, { type: 'removed', userId: membership.userId }, { everywhere: confirmed });
      ctx.activity.memberRemoved(session.app.id, name, membership.userId);
    }
  }
  ctx.log.debug('unsubscribed', { socket_id: session.socketId, channel: name });
}
