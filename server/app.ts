/**
 * The composition root: the only place that picks concrete parts (store,
 * pub/sub) and wires them together. Returns a node that can start and shut
 * down gracefully.
 */
import { existsSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import sirv from 'sirv';
import { PusherEvent } from '../shared/pusher/events.js';
import { encodeServerFrame } from '../shared/pusher/frames.js';
import { AppChannels } from './channels/registry.js';
import { DocChannelHook, MAX_EDITOR_FRAME } from './collab/doc-channel.js';
import { emptyDocument } from './collab/empty-document.js';
import { DocHub } from './collab/doc-hub.js';
import { DocumentService } from './collab/documents.js';
import { PostgresStore } from './collab/postgres-store.js';
import { SqliteStore } from './collab/sqlite-store.js';
import type { DocumentStore } from './collab/store.js';
import { storeIdentity } from './collab/store-identity.js';
import { AppRegistry } from './config/apps.js';
import { DemoAccess } from './demo/access.js';
import { demoChannelRules } from './demo/channels.js';
import { DemoSessions } from './demo/session.js';
import { ShareTokens } from './demo/share.js';
import type { Config } from './config/types.js';
import { createRequestHandler } from './http/api.js';
import { nodeStatus } from './http/status.js';
import type { AppSideDeps } from './http/app-side.js';
import type { DocumentsApi, VersionsApi } from './http/context.js';
import { sendJson } from './http/respond.js';
import type { Logger } from './observability/log.js';
import { Metrics } from './observability/metrics.js';
import { MeasuredStore } from './collab/measured-store.js';
import { DocumentBudget } from './collab/document-budget.js';
import { withStoreEvents } from './collab/store-events.js';
import { VersionLog } from './collab/history/version-log.js';
import { DocumentVersions } from './collab/versions.js';
import { docChannel, DocEvent, docIdOf } from '../shared/doc/events.js';
import { channelKind, isInternalChannel } from '../shared/pusher/channels.js';
import { ChannelHooks } from './pusher/channel-hooks.js';
import { Dispatcher } from './pusher/dispatcher.js';
import { PusherError } from './pusher/errors.js';
import { resyncPresence } from './pusher/presence-resync.js';
import { PusherServer } from './pusher/server.js';
import { SessionRegistry } from './pusher/sessions.js';
import type { PubSub } from './scaling/pubsub.js';
import { OnlineUsers, ONLINE_CHANNEL } from './pusher/online-users.js';
import { COUNT_CHANGED, SubscriptionCounts } from './pusher/subscription-count.js';
import { createWebhooks } from './app-webhooks.js';
import { OCCUPANCY_CHANNEL } from './webhooks/channel-lifecycle.js';
import { createChannelCache, createClusterState, createPubSub } from './app-scaling.js';
import { startHeartbeat } from './transport/heartbeat.js';
import { createTransport, type Transport } from './transport/http.js';
import { obeyControl } from './control.js';
import { Shutdown } from './shutdown.js';

export interface NodeOptions {
  readonly config: Config;
  readonly log: Logger;
  /** Folder of the built web client; served at / when it exists. */
  readonly clientDir?: string;
  readonly pubsub?: PubSub;
  /**
   * Called when `chorus restart` asks this node to restart: the process
   * shuts down, its clients spread over `config.restartSpreadMs`, and exits,
   * for its process manager to start it again. Without it the node refuses
   * restart requests.
   */
  readonly onRestart?: () => void;
}

export interface ChorusNode {
  /** Listens and resolves with the port actually bound (useful with port 0). */
  start(): Promise<number>;
  /**
   * Stops accepting, asks every client to reconnect elsewhere (4200), at once
   * or spread over `spreadMs`, stores every document, closes. Called again
   * during a spread, asks the remaining clients at once.
   */
  shutdown(options?: { spreadMs?: number }): Promise<void>;
  readonly transport: Transport;
  readonly sessions: SessionRegistry;
  readonly channels: AppChannels;
  readonly docs: DocHub;
  readonly store: DocumentStore;
}

export function createNode(options: NodeOptions): ChorusNode {
  const { config, log } = options;
  const apps = new AppRegistry(config.apps);
  const sessions = new SessionRegistry();
  // Read when scraped, by which time everything below exists.
  const metrics: Metrics = new Metrics({
    connections: () => transport.connections.size,
    subscriptions: () => subscriptionsByType(config, channels),
    documentsOpen: () => docs.openCount,
    documentsUnsaved: () => docs.unsavedCount,
    documentsStoreFailing: () => docs.failingCount,
    clusterHealthy: () => pubsub.health().healthy,
  });
  const pubsub = options.pubsub ?? createPubSub(config, log, metrics);
  // A node subscribes to a channel's traffic only while it has local subscribers there; occupancy webhooks start here too.
  const channels = new AppChannels((appId) => ({
    occupied: (ch) => (pubsub.watch(appId, ch), hooked.lifecycle.occupied(appId, ch)),
    vacated: (ch) => (pubsub.unwatch(appId, ch), hooked.lifecycle.vacated(appId, ch)),
  }));
  const dispatcher = new Dispatcher(pubsub, channels);
  // Document webhooks hear of every creation and write, whoever made it.
  const store: DocumentStore = withStoreEvents(new MeasuredStore(createStore(config.documents.databaseUrl), metrics), {
    created: (key) => hooked.storeEvents.created(key),
    stored: (key) => hooked.storeEvents.stored(key),
    versionAdded: (key, version) => hooked.storeEvents.versionAdded(key, version),
  });
  const budget = new DocumentBudget(store, config.documents);
  const versionLog = new VersionLog(store, {
    maxNamed: config.documents.maxNamedVersions, maxAutomatic: config.documents.maxAutoVersions, maxBytes: config.documents.maxVersionBytes,
  }, log.child({ mod: 'versions' }));
  const docs: DocHub = new DocHub({
    store, budget, dispatcher, config: config.documents, seed: async () => emptyDocument(), log: log.child({ mod: 'docs' }), versions: versionLog,
    storeId: storeIdentity(config.documents.databaseUrl),
    ...(config.scaling.enabled ? { repairIntervalMs: config.scaling.docRepairIntervalMs } : {}),
  });
  const hooks = new ChannelHooks([new DocChannelHook(docs, config.documents, store)]);
  dispatcher.onRemoteHook((message) => {
    if (message.hook.kind === COUNT_CHANGED) return counts.heardOf(message.appId, message.channel);
    hooks.find(message.channel)?.remote?.(message.appId, message.channel, message.hook, message.frame);
  });
  const cluster = createClusterState(config, pubsub, {
    channels, sessions,
    extraMemberships: () => hooked.lifecycle.memberships(),
    announceRemoved: (appId, channel, userId) => {
      if (channel !== ONLINE_CHANNEL && channel !== OCCUPANCY_CHANNEL) dispatcher.announce(appId, channel, { type: 'removed', userId }, { everywhere: true });
      departed(appId, channel, userId);
    },
    departed: (appId, channel, userId) => departed(appId, channel, userId),
  }, log);
  /** A user or channel gone from the cluster without this node's clients being the ones to leave. */
  const departed = (appId: string, channel: string, userId: string): void => {
    if (channel === ONLINE_CHANNEL) return pubsub.publishControl({ type: 'watchlist', appId, userId, online: false });
    if (channel === OCCUPANCY_CHANNEL) return hooked.lifecycle.vacatedEverywhere(appId, userId);
    hooked.lifecycle.memberRemoved(appId, channel, userId);
  };
  const hooked = createWebhooks(config, cluster, log.child({ mod: 'webhooks' }), metrics);
  cluster.onResync((resync) => resyncPresence(channels, dispatcher, resync));
  const cache = createChannelCache(config, log);
  const counts = new SubscriptionCounts({ cluster, channels, dispatcher, report: hooked.countChanged });
  const users = new OnlineUsers({ cluster, announce: (appId, userId, online) => pubsub.publishControl({ type: 'watchlist', appId, userId, online }) });
  obeyControl(pubsub, {
    sessions,
    watchlist: (appId, userId, online) => users.changed(appId, userId, online),
    ...(options.onRestart ? { restart: options.onRestart } : {}),
  });
  const pusher = new PusherServer({
    refused: (reason) => metrics.refusals.inc({ reason }),
    apps, sessions, channels, dispatcher, hooks, cluster, users, cache, counts, activity: hooked.activity,
    whenWatching: (appId, channel) => pubsub.whenWatching(appId, channel),
    pathPrefix: config.pathPrefix,
    maxChannelNameLength: config.maxChannelNameLength,
    maxConnections: config.budgets.maxConnections,
    maxChannelsPerConnection: config.budgets.maxChannelsPerConnection,
    log: log.child({ mod: 'pusher' }),
  });
  const documents = new DocumentService(store, docs, budget);
  const versions = new DocumentVersions(docs, versionLog, documents);
  const health = (): { healthy: boolean; [detail: string]: unknown } => {
    const cluster = pubsub.health();
    const storeFailing = docs.failingCount;
    const status = shutdown.started ? 'shutting down' : cluster.healthy && storeFailing === 0 ? 'ok' : 'degraded';
    // Degraded still serves its own clients (and keeps unsaved edits to retry), so it stays in the load balancer.
    return {
      healthy: !shutdown.started, status, node: pubsub.nodeId, scaling: cluster.detail,
      store: storeFailing === 0 ? 'ok' : 'failing', documents_store_failing: storeFailing,
      connections: transport.connections.size, documents: docs.openCount,
    };
  };
  const startedAt = Date.now();
  const transport = createTransport({
    pathPrefix: config.pathPrefix,
    maxFrameBytes: maxFrameBytes(config),
    maxBufferedBytes: config.maxBufferedBytes,
    tls: config.tls,
    onRequest: createRequestHandler({
      pathPrefix: config.pathPrefix,
      apps,
      api: {
        channels, sessions, dispatcher, documents, versions, cluster, cache,
        maxChannelNameLength: config.maxChannelNameLength,
        terminate: (appId, userId) => pubsub.publishControl({ type: 'terminate', appId, userId }),
      },
      appSide: config.demo.enabled ? demoApp(config, documents, versions, pubsub, dispatcher) : undefined,
      log: log.child({ mod: 'http' }),
      health,
      readiness: () => ({ ready: !shutdown.started, status: shutdown.started ? 'shutting down' : 'ready', node: pubsub.nodeId }),
      restart: {
        // `chorus restart` signs its request as the first configured app.
        app: config.apps[0]!,
        request: () => {
          if (!options.onRestart) return undefined;
          options.onRestart();
          return { restarting: true, node: pubsub.nodeId, spread_ms: config.restartSpreadMs };
        },
      },
      metrics: { render: () => metrics.render(), token: config.metricsToken },
      apiRequestsPerSecond: config.budgets.apiRequestsPerSecond,
      status: () => nodeStatus({
        nodeId: pubsub.nodeId, startedAt, cluster, appIds: config.apps.map((a) => a.id),
        health, openDocuments: () => docs.summaries(),
      }),
      fallback: staticFiles(options.clientDir, config.demo.enabled),
    }),
    sockets: pusher,
    traffic: {
      received: (bytes) => (metrics.framesReceived.inc(), metrics.bytesReceived.inc(bytes)),
      sent: (bytes) => (metrics.framesSent.inc(), metrics.bytesSent.inc(bytes)),
    },
  });
  let stopHeartbeat = (): void => undefined;
  const shutdown = new Shutdown({
    transport, docs, store, cluster, pubsub, log, pusher, cache,
    webhooks: hooked,
    socketsTimeoutMs: config.shutdownTimeoutMs,
    storeTimeoutMs: config.documents.shutdownStoreTimeoutMs,
    stopHeartbeat: () => stopHeartbeat(),
  });

  return {
    transport, sessions, channels, docs, store,
    async start() {
      // Accept sockets only once they can reach the other nodes (or Redis has had its chance).
      await pubsub.ready(5000);
      const port = await transport.listen(config.host, config.port);
      stopHeartbeat = startHeartbeat({
        sweepEveryMs: Math.max(50, Math.min(...config.apps.map((a) => a.pingInterval * 1000)) / 2),
        connections: () => transport.connections,
        onIdle: (connection) => {
          connection.send(encodeServerFrame(PusherEvent.ping, {}));
          connection.ping();
        },
        onStale: (connection) => new PusherError('pongNotReceived').sendTo(connection),
      });
      // For `chorus restart`, which waits for a restarted node's replacement before it goes on.
      pubsub.publishControl({ type: 'started', node: pubsub.nodeId });
      return port;
    },
    shutdown: (shutdownOptions = {}) => shutdown.run(shutdownOptions.spreadMs ?? 0),
  };
}

/** Subscriptions on this node by channel type; document channels counted apart from other presence channels. */
function subscriptionsByType(config: Config, channels: AppChannels): Map<string, number> {
  const counts = new Map<string, number>();
  for (const app of config.apps) {
    for (const channel of channels.for(app.id).all()) {
      const type = isInternalChannel(channel.name) ? 'user' : docIdOf(channel.name) === undefined ? channelKind(channel.name) : 'document';
      counts.set(type, (counts.get(type) ?? 0) + channel.subscriptionCount);
    }
  }
  return counts;
}

function createStore(databaseUrl: string): DocumentStore {
  if (databaseUrl.startsWith('sqlite:')) return new SqliteStore(databaseUrl.slice('sqlite:'.length));
  return new PostgresStore(databaseUrl);
}

/** ws refuses larger frames before buffering them; smaller oversize frames get a 4302 error instead. */
function maxFrameBytes(config: Config): number {
  return Math.max(1024 * 1024, MAX_EDITOR_FRAME, 2 * Math.max(...config.apps.map((a) => a.maxMessageSize)));
}

/** The demo app and its /broadcasting/auth act for the first configured app. */
function demoApp(config: Config, documents: DocumentsApi, versions: VersionsApi, pubsub: PubSub, dispatcher: Dispatcher): AppSideDeps {
  const app = config.apps[0]!;
  const shares = new ShareTokens(app.secret, config.demo.shareLinkTtlSeconds);
  const access = new DemoAccess(app.id, documents, shares);
  return {
    app, shares, access, documents, versions,
    rules: demoChannelRules(access),
    reauthorize: (channel, keepUserId) => pubsub.publishControl({ type: 'reauthorize', appId: app.id, channel, keepUserId }),
    titleChanged: (docId, title) => dispatcher.publish(app.id, docChannel(docId), DocEvent.renamed, { title }),
    sessions: new DemoSessions(app.secret),
    pathPrefix: config.pathPrefix,
    trust: { trustedProxies: config.demo.trustedProxies, secureCookies: config.demo.secureCookies },
  };
}

/** The built client; with the demo off, only the embeddable editor (/embed/), never the demo's pages. */
function staticFiles(dir: string | undefined, demo: boolean): ((req: IncomingMessage, res: ServerResponse) => void) | undefined {
  if (!dir || !existsSync(dir)) return undefined;
  const serve = sirv(dir, {
    single: true,
    etag: true,
    gzip: false,
    // The embeddable editor is loaded by other sites' pages as a module script, which needs CORS.
    setHeaders: (res, pathname) => {
      if (pathname.startsWith('/embed/')) res.setHeader('access-control-allow-origin', '*');
    },
  });
  const notFound = (res: ServerResponse): void => sendJson(res, 404, { error: 'Not found' });
  return (req, res) => {
    // The path with `..` and `%2e%2e` resolved, so nothing outside /embed/ gets through.
    if (!demo && !new URL(req.url ?? '/', 'http://localhost').pathname.startsWith('/embed/')) return notFound(res);
    serve(req, res, () => notFound(res));
  };
}
