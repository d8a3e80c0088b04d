/**
 * The single table of Pusher protocol errors Chorus emits.
 *
 * pusher-js picks its reaction from the WebSocket close code alone:
 * 4000 TLS only, 4001–4099 give up, 4100–4199 reconnect with back-off,
 * 4200–4299 reconnect at once. Codes 4300–4399 are sent in a `pusher:error`
 * frame and the connection stays open.
 */
export interface ProtocolErrorSpec {
  /** The number sent in `pusher:error` and, when `close` is true, as the WebSocket close code. */
  readonly code: number;
  /** Default human-readable message; a thrown error may carry a more specific one. */
  readonly message: string;
  /** Whether the connection is closed (with `code`) after the error frame. */
  readonly close: boolean;
}

export const PROTOCOL_ERRORS = {
  tlsOnly: { code: 4000, message: 'Application only accepts TLS connections', close: true },
  appNotFound: { code: 4001, message: 'Application does not exist', close: true },
  appDisabled: { code: 4003, message: 'Application is disabled', close: true },
  overConnectionQuota: { code: 4004, message: 'Application is over connection quota', close: true },
  pathNotFound: { code: 4005, message: 'Path not found', close: true },
  invalidVersion: { code: 4006, message: 'Invalid version string format', close: true },
  unsupportedProtocol: { code: 4007, message: 'Unsupported protocol version', close: true },
  noProtocolVersion: { code: 4008, message: 'No protocol version supplied', close: true },
  unauthorizedConnection: { code: 4009, message: 'Connection is unauthorized', close: true },
  notAuthorizedInTime: { code: 4009, message: 'Connection was not authorized in time: sign in or subscribe to a private or presence channel', close: true },
  overCapacity: { code: 4100, message: 'Over capacity', close: true },
  reconnect: { code: 4200, message: 'Server is shutting down; reconnect', close: true },
  pongNotReceived: { code: 4201, message: 'Pong reply not received', close: true },
  closedAfterInactivity: { code: 4202, message: 'Closed after inactivity', close: true },
  invalidMessage: { code: 4300, message: 'Invalid message format', close: false },
  rateLimited: { code: 4301, message: 'Client event rejected due to rate limit', close: false },
  payloadTooLarge: { code: 4302, message: 'Payload too large', close: false },
  watchlistTooLong: { code: 4302, message: 'Watchlist limit exceeded. Only the first 100 user IDs are accepted', close: false },
  unknownEvent: { code: 4303, message: 'Unknown event', close: false },
  invalidChannel: { code: 4304, message: 'Invalid channel name', close: false },
  alreadySubscribed: { code: 4305, message: 'Already subscribed to channel', close: false },
  clientEventRejected: { code: 4306, message: 'Client event rejected', close: false },
  authFailed: { code: 4307, message: 'Authentication failed', close: false },
  readOnly: { code: 4308, message: 'Viewers cannot change this document', close: false },
  invalidUpdate: { code: 4309, message: 'Not a valid Yjs update', close: false },
  overBudget: { code: 4310, message: 'Over a budget of this server', close: false },
  floodClosed: { code: 4101, message: 'Too many messages; slow down and reconnect', close: true },
  internal: { code: 4300, message: 'Internal error while handling the message', close: false },
} as const satisfies Record<string, ProtocolErrorSpec>;

export type ProtocolErrorName = keyof typeof PROTOCOL_ERRORS;
