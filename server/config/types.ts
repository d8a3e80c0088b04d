import type { WebhookSettings, WebhookTarget } from './webhooks.js';

/** Who may send client events on a channel (Reverb's `accept_client_events_from`). */
export type ClientEventsFrom = 'members' | 'all' | 'none';

/** Reverb's `rate_limiting`: client events a socket may send in a window, and what happens over it. */
export interface RateLimiting {
  readonly enabled: boolean;
  readonly maxAttempts: number;
  readonly decaySeconds: number;
  /** Close the connection over the limit, instead of dropping the event. */
  readonly terminate: boolean;
}

/** One Pusher application: credentials and the limits that apply to its sockets. */
export interface AppConfig {
  readonly id: string;
  readonly key: string;
  readonly secret: string;
  /** Host patterns (`*` wildcard) allowed as WebSocket Origin; `*` alone allows all. */
  readonly allowedOrigins: readonly string[];
  /** Seconds of silence before the server pings a socket. */
  readonly pingInterval: number;
  /** Seconds sent to clients as activity_timeout: how long they stay silent before pinging. */
  readonly activityTimeout: number;
  /** Largest frame, in bytes, an ordinary socket message may be. */
  readonly maxMessageSize: number;
  /** Connections allowed on this node for the app; null means unlimited. */
  readonly maxConnections: number | null;
  readonly maxPresenceMembers: number;
  readonly maxUserInfoBytes: number;
  readonly acceptClientEventsFrom: ClientEventsFrom;
  readonly rateLimiting: RateLimiting;
  /** Frames of any kind a socket may send per second before it is closed; 0 turns it off. */
  readonly frameFloodRate: number;
  /** HTTP API limits (Pusher's defaults: 10 KB data, 100 channels, 10 events a batch). */
  readonly maxEventBytes: number;
  readonly maxChannelsPerEvent: number;
  readonly maxBatchSize: number;
  /** Largest HTTP API request body (Reverb's max_request_size); null: room for a full batch of the largest events. */
  readonly maxRequestBytes: number | null;
  /** Seconds a connection has to sign in or subscribe to a private or presence channel before it is closed (4009); 0: no limit. */
  readonly signinTimeout: number;
  /** Send pusher_internal:subscription_count (and its webhook) on every non-presence channel. */
  readonly subscriptionCount: boolean;
  /** Where this app's webhooks go; none when empty. */
  readonly webhooks: readonly WebhookTarget[];
  /** Prefix of this app's Redis keys and channels; null: the node's (CHORUS_REDIS_PREFIX). */
  readonly redisPrefix: string | null;
}

/** PEM texts, as node:tls takes them. */
export interface TlsConfig {
  readonly cert: string;
  readonly key: string;
  readonly passphrase?: string;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** Everything a node needs, parsed once at start-up and frozen. */
export interface Config {
  readonly host: string;
  readonly port: number;
  /** Certificate and key to serve wss:// and https:// with; null: plain ws:// and http://. */
  readonly tls: TlsConfig | null;
  /** Path prefix for the WebSocket endpoint and the HTTP API, '' or '/something'. */
  readonly pathPrefix: string;
  readonly debug: boolean;
  readonly production: boolean;
  readonly logLevel: LogLevel;
  readonly logFormat: 'json' | 'pretty';
  /** Longest channel name accepted. */
  readonly maxChannelNameLength: number;
  /** How long SIGTERM waits for sockets to close before exiting anyway, in ms. */
  readonly shutdownTimeoutMs: number;
  /** `chorus restart`: the window over which a node asks its clients to reconnect, in ms (0: all at once). */
  readonly restartSpreadMs: number;
  /** Outgoing bytes queued on one socket before it is closed as a slow consumer. */
  readonly maxBufferedBytes: number;
  readonly documents: DocumentsConfig;
  readonly budgets: BudgetsConfig;
  /** When set, GET /metrics needs `Authorization: Bearer <token>`; unset, it answers only direct loopback requests. */
  readonly metricsToken: string | undefined;
  readonly scaling: ScalingConfig;
  readonly cache: CacheConfig;
  readonly webhooks: WebhookSettings;
  /** Whether the dev defaults for app credentials are in use (printed with a warning). */
  readonly usingDevCredentials: boolean;
  readonly demo: DemoConfig;
  readonly apps: readonly AppConfig[];
}

/** Cache channels: how long their last event is kept, and for how many channels at most. */
export interface CacheConfig {
  readonly ttlSeconds: number;
  /** Channels per app whose last event is kept; beyond it the oldest entries go first. */
  readonly maxChannels: number;
}

/** Limits shared by every app unless an apps file sets them per app. */
export type AppDefaults = Omit<AppConfig, 'id' | 'key' | 'secret'>;

/** The document host: where documents are stored and how often. */
export interface DocumentsConfig {
  /** `sqlite:<path>` (embedded, the default) or `postgres://…` (shared by several nodes). */
  readonly databaseUrl: string;
  /** Yjs events (sync, updates, awareness, parts) a socket may send per second on a document. */
  readonly eventRate: number;
  /** Members a document channel holds. */
  readonly maxMembers: number;
  /** Quiet time before unsaved updates are written, in ms. */
  readonly flushDelayMs: number;
  /** Longest an update waits for the store, in ms, however busy the document. */
  readonly flushMaxDelayMs: number;
  /** Log rows after which a document's log is merged into one snapshot. */
  readonly compactAfterRows: number;
  /** How often awareness (cursor) changes are sent to a document's members, in ms. */
  readonly awarenessIntervalMs: number;
  /** Cursor frames a document's broadcasts may make a second (members × broadcasts) before they are spaced wider. */
  readonly awarenessDeliveryRate: number;
  /** On shutdown, how long to keep trying to store unsaved updates while the store fails, in ms. */
  readonly shutdownStoreTimeoutMs: number;
  /** Awareness client ids one connection may speak for (a browser tab has one). */
  readonly maxAwarenessIdsPerMember: number;
  /** How long a multi-part update may take to arrive whole, in ms. */
  readonly partTimeoutMs: number;
  /** Documents an app may have. */
  readonly maxDocumentsPerApp: number;
  /** Bytes one document may hold in the store (before compaction folds its log). */
  readonly maxDocumentBytes: number;
  /** New documents an app may create per minute (on this node). */
  readonly createPerMinute: number;
  /**
   * Whether subscribing to a document that does not exist creates it (false:
   * the subscription is refused as not found, and documents are created only
   * through the HTTP API or the demo).
   */
  readonly createOnOpen: boolean;
  /** Quiet time, in ms, after which a stretch of editing becomes an automatic version. */
  readonly versionQuietMs: number;
  /** Longest stretch of continuous editing, in ms, before it becomes an automatic version anyway. */
  readonly versionStretchMs: number;
  /** Named versions a document may have. */
  readonly maxNamedVersions: number;
  /** Automatic versions a document keeps (older ones are thinned). */
  readonly maxAutoVersions: number;
  /** Stored bytes of a document's versions. */
  readonly maxVersionBytes: number;
}

/** What clients may grow on a node, beyond each app's own limits. */
export interface BudgetsConfig {
  /** WebSocket connections on this node, all apps together; null: unlimited. Over it: 4100 (pusher-js backs off). */
  readonly maxConnections: number | null;
  /** Channels one connection may be subscribed to at once. */
  readonly maxChannelsPerConnection: number;
  /** Signed HTTP API requests per second per app (token bucket); 0: unlimited. */
  readonly apiRequestsPerSecond: number;
}

/** Several nodes acting as one, through Redis. */
export interface ScalingConfig {
  readonly enabled: boolean;
  readonly redisUrl: string;
  /** Prefix of every Redis key and channel, so apps and environments can share one Redis. */
  readonly prefix: string;
  /** This node's name in the cluster (random unless set). */
  readonly nodeId: string;
  /** Seconds after its last heartbeat that a silent node is declared dead and its members removed. */
  readonly nodeTimeoutSeconds: number;
  /** How often open documents exchange state vectors across nodes, in ms (repairs lost messages). */
  readonly docRepairIntervalMs: number;
}

/** The built-in demo app (sign-in, document list, share links, its /broadcasting/auth). */
export interface DemoConfig {
  /** CHORUS_DEMO: on by default, off by default under NODE_ENV=production. */
  readonly enabled: boolean;
  /** How long a share link works after it is made, in seconds. */
  readonly shareLinkTtlSeconds: number;
  /** Peers (nginx) whose X-Forwarded-Proto and X-Forwarded-Host are believed. */
  readonly trustedProxies: readonly string[];
  /** Always mark the session cookie Secure, whatever the request says. */
  readonly secureCookies: boolean;
}
