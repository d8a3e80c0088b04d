/** Channel names and kinds as the Pusher protocol defines them. */

export type ChannelKind = 'public' | 'private' | 'encrypted' | 'presence';

/** Pusher's channel-name alphabet. */
const CHANNEL_NAME = /^[A-Za-z0-9_\-=@,.;]+$/;

export const DEFAULT_MAX_CHANNEL_NAME_LENGTH = 200;

export function channelKind(name: string): ChannelKind {
  if (name.startsWith('presence-')) return 'presence';
  if (name.startsWith('private-encrypted-')) return 'encrypted';
  if (name.startsWith('private-')) return 'private';
  return 'public';
}

/** Returns why a channel name is invalid, or undefined when it is valid. */
export function channelNameProblem(
  name: unknown,
  maxLength = DEFAULT_MAX_CHANNEL_NAME_LENGTH,
): string | undefined {
  if (typeof name !== 'string' || name.length === 0) return 'channel name is missing';
  if (name.length > maxLength) return `channel name is longer than ${maxLength} characters`;
  if (!CHANNEL_NAME.test(name)) return 'channel name may only contain A-Z a-z 0-9 _ - = @ , . ;';
  return undefined;
}

/**
 * The channel pusher-js subscribes to once signed in, where the server SDKs'
 * `sendToUser` delivers. `#` is reserved: clients may subscribe to no other
 * `#` channel, and only to their own user's.
 */
export const USER_CHANNEL_PREFIX = '#server-to-user-';

/** Channels of the server's own (`#…`): never listed, counted or reported. */
export function isInternalChannel(name: string): boolean {
  return name.startsWith('#');
}

/** The user a `#server-to-user-{id}` channel belongs to; undefined for any other name. */
export function userChannelOwner(name: string, maxLength = DEFAULT_MAX_CHANNEL_NAME_LENGTH): string | undefined {
  if (!name.startsWith(USER_CHANNEL_PREFIX) || name.length > maxLength) return undefined;
  const id = name.slice(USER_CHANNEL_PREFIX.length);
  return CHANNEL_NAME.test(id) ? id : undefined;
}

/** Cache channels keep their last event for new subscribers: `cache-`, `private-cache-`, `private-encrypted-cache-`, `presence-cache-`. */
export function isCacheChannel(name: string): boolean {
  return /^(private-encrypted-|private-|presence-)?cache-/.test(name);
}

/** Private, encrypted and presence channels need a signature to subscribe. */
export function needsAuth(kind: ChannelKind): boolean {
  return kind !== 'public';
}

/**
 * Client events are only allowed where every sender is authenticated, and not
 * on encrypted channels, whose payloads the server cannot vouch for.
 */
export function allowsClientEvents(kind: ChannelKind): boolean {
  return kind === 'private' || kind === 'presence';
}
