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
import { DocHub } from './collab/doc-hub.js';
import { DocumentService } from './collab/documents.js';
import { seedDocument } from './collab/lexical/convert.js';
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
import { VersionLog } from './collab/history/version-log.js';
import { DocumentVersions } from './collab/versions.js';
import { docIdOf } from '../shared/doc/events.js';
import { channelKind } from '../shared/pusher/channels.js';
import { ChannelHooks } from './pusher/channel-hooks.js';
import { Dispatcher } from './pusher/dispatcher.js';
import { applyControl } from './pusher/control.js';
import { PusherError } from './pusher/errors.js';
import { resyncPresence } from './pusher/presence-resync.js';
import { PusherServer } from './pusher/server.js';
import { SessionRegistry } from './pusher/sessions.js';
import type { ClusterState } from './scaling/cluster-state.js';
import { LocalClusterState } from './scaling/local-state.js';
import { RedisClusterState, type LocalCounts, type LocalMemberships } from './scaling/redis-state.js';
import { LocalPubSub } from './scaling/local.js';
import { RedisPubSub } from './scaling/redis.js';
import type { PubSub } from './scaling/pubsub.js';
import { startHeartbeat } from './transport/heartbeat.js';
import { createTransport, type Transport } from './transport/http.js';
import type { Connection } from './transport/socket.js';

export interface NodeOptions {
  readonly config: Config;
  readonly log: Logger;
  /** Folder of the built web client; served at / when it exists. */
  readonly clientDir?: string;
  readonly pubsub?: PubSub;
}

export interface ChorusNode {
  /** Listens and resolves with the port actually bound (useful with port 0). */
  start(): Promise<number>;
  /** Stops accepting, asks every client to reconnect elsewhere (4200), stores every document, closes. */
  shutdown(): Promise<void>;
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
  // A node subscribes to a channel's traffic only while it has local subscribers there.
  const channels = new AppChannels((appId) => ({ occupied: (ch) => pubsub.watch(appId, ch), vacated: (ch) => pubsub.unwatch(appId, ch) }));
  const dispatcher = new Dispatcher(pubsub, channels);
  const store: DocumentStore = new MeasuredStore(createStore(config.documents.databaseUrl), metrics);
  const budget = new DocumentBudget(store, config.documents);
  const versionLog = new VersionLog(store, {
    maxNamed: config.documents.maxNamedVersions, maxAutomatic: config.documents.maxAutoVersions, maxBytes: config.documents.maxVersionBytes,
  }, log.child({ mod: 'versions' }));
  const docs: DocHub = new DocHub({
    store, budget, dispatcher, config: config.documents, seed: () => seedDocument(), log: log.child({ mod: 'docs' }), versions: versionLog,
    storeId: storeIdentity(config.documents.databaseUrl),
    ...(config.scaling.enabled ? { repairIntervalMs: config.scaling.docRepairIntervalMs } : {}),
  });
  const hooks = new ChannelHooks([new DocChannelHook(docs, config.documents)]);
  dispatcher.onRemoteHook((message) => hooks.find(message.channel)?.remote?.(message.appId, message.channel, message.hook, message.frame));
  pubsub.onControl((message) => applyControl(sessions, message));
  const cluster = createClusterState(config, pubsub, channels, sessions, dispatcher, log);
  cluster.onResync((resync) => resyncPresence(channels, dispatcher, resync));
  const pusher = new PusherServer({
    refused: (reason) => metrics.refusals.inc({ reason }),
    apps, sessions, channels, dispatcher, hooks, cluster,
    whenWatching: (appId, channel) => pubsub.whenWatching(appId, channel),
    pathPrefix: config.pathPrefix,
    maxChannelNameLength: config.maxChannelNameLength,
    maxConnections: config.budgets.maxConnections,
    maxChannelsPerConnection: config.budgets.maxChannelsPerConnection,
    log: log.child({ mod: 'pusher' }),
  });
  const documents = new DocumentService(store, docs, budget);
  const versions = new DocumentVersions(docs, versionLog, documents);
  let shuttingDown = false;
  const health = (): { healthy: boolean; [detail: string]: unknown } => {
    const cluster = pubsub.health();
    const storeFailing = docs.failingCount;
    const status = shuttingDown ? 'shutting down' : cluster.healthy && storeFailing === 0 ? 'ok' : 'degraded';
    // Degraded still serves its own clients (and keeps unsaved edits to retry), so it stays in the load balancer.
    return {
      healthy: !shuttingDown, status, node: pubsub.nodeId, scaling: cluster.detail,
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
        channels, sessions, dispatcher, documents, versions, cluster,
        maxChannelNameLength: config.maxChannelNameLength,
        terminate: (appId, userId) => pubsub.publishControl({ type: 'terminate', appId, userId }),
      },
      appSide: config.demo.enabled ? demoApp(config, documents, versions, pubsub) : undefined,
      log: log.child({ mod: 'http' }),
      health,
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
        onStale: (connection) => closeWith(connection, new PusherError('pongNotReceived')),
      });
      return port;
    },
    async shutdown() {
      shuttingDown = true;
      stopHeartbeat();
      transport.stopAccepting();
      for (const connection of transport.connections) closeWith(connection, new PusherError('reconnect'));
      await transport.drained(config.shutdownTimeoutMs);
      for (const connection of transport.connections) connection.terminate();
      const unsaved = await docs.closeAll(Date.now() + config.documents.shutdownStoreTimeoutMs);
      if (unsaved.length > 0) {
        // Not lost: the clients that made them were never told "saved" and send them again wherever they reconnect.
        log.error('shutting down without storing these documents\' latest updates', {
          documents: unsaved.map((key) => `${key.appId}/${key.docId}`),
        });
      }
      await store.close();
      await cluster.close();
      await pubsub.close();
      transport.server.closeAllConnections();
    },
  };
}

function createClusterState(config: Config, pubsub: PubSub, channels: AppChannels, sessions: SessionRegistry, dispatcher: Dispatcher, log: Logger): ClusterState {
  const local = new LocalClusterState(channels, (appId) => sessions.countFor(appId));
  const { scaling } = config;
  if (!scaling.enabled) return local;
  return new RedisClusterState({
    url: scaling.redisUrl, prefix: scaling.prefix, nodeId: scaling.nodeId, nodeTimeoutSeconds: scaling.nodeTimeoutSeconds,
    log: log.child({ mod: 'cluster' }),
    local,
    counts: () => localCounts(config, channels, sessions),
    memberships: () => localMemberships(sessions),
    announceRemoved: (appId, channel, userId) => dispatcher.announce(appId, channel, { type: 'removed', userId }, { everywhere: true }),
    pubsub,
  });
}

/** This node's presence memberships, for the cluster state to write back after Redis trouble. */
function localMemberships(sessions: SessionRegistry): LocalMemberships {
  const memberships: LocalMemberships = [];
  for (const session of sessions.all()) {
    for (const [channel, { userId, userInfo }] of session.channels) {
      if (userId !== undefined) memberships.push({ appId: session.app.id, channel, socketId: session.socketId, member: { userId, userInfo } });
    }
  }
  return memberships;
}

/** This node's subscription and connection counts. */
function localCounts(config: Config, channels: AppChannels, sessions: SessionRegistry): LocalCounts {
  const subscriptions = new Map<string, Map<string, number>>();
  const connections = new Map<string, number>();
  for (const app of config.apps) {
    subscriptions.set(app.id, new Map([...channels.for(app.id).all()].map((c) => [c.name, c.subscriptionCount])));
    connections.set(app.id, sessions.countFor(app.id));
  }
  return { subscriptions, connections };
}

function createPubSub(config: Config, log: Logger, metrics: Metrics): PubSub {
  const { scaling } = config;
  if (!scaling.enabled) return new LocalPubSub(scaling.nodeId);
  return new RedisPubSub({ url: scaling.redisUrl, prefix: scaling.prefix, nodeId: scaling.nodeId, log: log.child({ mod: 'scaling' }), metrics });
}

/** Subscriptions on this node by channel type; document channels counted apart from other presence channels. */
function subscriptionsByType(config: Config, channels: AppChannels): Map<string, number> {
  const counts = new Map<string, number>();
  for (const app of config.apps) {
    for (const channel of channels.for(app.id).all()) {
      const type = docIdOf(channel.name) === undefined ? channelKind(channel.name) : 'document';
      counts.set(type, (counts.get(type) ?? 0) + channel.subscriptionCount);
    }
  }
  return counts;
}

function createStore(databaseUrl: string): DocumentStore {
  if (databaseUrl.startsWith('sqlite:')) return new SqliteStore(databaseUrl.slice('sqlite:'.length));
  return new PostgresStore(databaseUrl);
}

function closeWith(connection: Connection, error: PusherError): void {
  connection.send(error.toFrame());
  connection.close(error.code, error.message);
}

/** ws refuses larger frames before buffering them; smaller oversize frames get a 4302 error instead. */
function maxFrameBytes(config: Config): number {
  return Math.max(1024 * 1024, MAX_EDITOR_FRAME, 2 * Math.max(...config.apps.map((a) => a.maxMessageSize)));
}

/** The demo app and its /broadcasting/auth act for the first configured app. */
function demoApp(config: Config, documents: DocumentsApi, versions: VersionsApi, pubsub: PubSub): AppSideDeps {
  const app = config.apps[0]!;
  const shares = new ShareTokens(app.secret, config.demo.shareLinkTtlSeconds);
  const access = new DemoAccess(app.id, documents, shares);
  return {
    app, shares, access, documents, versions,
    rules: demoChannelRules(access),
    reauthorize: (channel, keepUserId) => pubsub.publishControl({ type: 'reauthorize', appId: app.id, channel, keepUserId }),
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
