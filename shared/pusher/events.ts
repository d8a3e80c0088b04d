/** Event names of the Pusher protocol v7 that Chorus sends or accepts. */
export const PusherEvent = {
  connectionEstablished: 'pusher:connection_established',
  error: 'pusher:error',
  ping: 'pusher:ping',
  pong: 'pusher:pong',
  subscribe: 'pusher:subscribe',
  unsubscribe: 'pusher:unsubscribe',
  signin: 'pusher:signin',
  signinSuccess: 'pusher:signin_success',
  watchlistEvents: 'pusher_internal:watchlist_events',
  cacheMiss: 'pusher:cache_miss',
  subscriptionError: 'pusher:subscription_error',
  subscriptionSucceeded: 'pusher_internal:subscription_succeeded',
  subscriptionCount: 'pusher_internal:subscription_count',
  memberAdded: 'pusher_internal:member_added',
  memberRemoved: 'pusher_internal:member_removed',
} as const;

/** Client events are the only events a socket may send to other sockets. */
export const CLIENT_EVENT_PREFIX = 'client-';

/** The protocol version Chorus speaks; pusher-js 8 sends 7. */
export const PROTOCOL_VERSION = 7;
/** Oldest protocol version still accepted (pusher-js 4+ sends 7; some SDKs still send 5 or 6). */
export const MIN_PROTOCOL_VERSION = 5;
