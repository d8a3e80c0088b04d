/**
 * Every HTTP route of a node, in one table, and the request handler that runs
 * them: signed Pusher API routes under /apps/{appId}, plus /up, /ready,
 * /metrics, /restart and the client.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AppRegistry } from '../config/apps.js';
import type { Logger } from '../observability/log.js';
import { listChannels, showChannel } from './channels.js';
import { appRoutes } from './app-routes.js';
import type { AppHandler, AppSideDeps } from './app-side.js';
import type { ApiContext, ApiHandler } from './context.js';
import { createDocument, listDocuments, showDocument } from './documents.js';
import { createVersion, listVersions, restoreVersion, showVersion } from './versions.js';
import { triggerBatch, triggerEvent } from './events.js';
import { verifyApiRequest } from './request.js';
import { safeEqual } from '../auth/signatures.js';
import { refuseCrossOrigin } from './origin.js';
import { BudgetExceeded } from '../collab/document-budget.js';
import { DocumentNotLoaded } from '../collab/doc-room.js';
import { HistoryBusy } from '../collab/history/history-thread.js';
import { RateLimiter } from '../pusher/rate-limit.js';
import { isDirectLocal } from './local.js';
import { serveRestart, type RestartRoute } from './restart.js';
import { HttpError, sendJson } from './respond.js';
import { Router } from './router.js';
import { channelUsers, countConnections, terminateUserConnections } from './users.js';

export function apiRoutes(): Router<ApiHandler> {
  return new Router<ApiHandler>()
    .add('POST', '/apps/:appId/events', triggerEvent)
    .add('POST', '/apps/:appId/batch_events', triggerBatch)
    .add('GET', '/apps/:appId/channels', listChannels)
    .add('GET', '/apps/:appId/channels/:channel', showChannel)
    .add('GET', '/apps/:appId/channels/:channel/users', channelUsers)
    .add('POST', '/apps/:appId/users/:userId/terminate_connections', terminateUserConnections)
    .add('GET', '/apps/:appId/connections', countConnections)
    .add('GET', '/apps/:appId/documents', listDocuments)
    .add('POST', '/apps/:appId/documents', createDocument)
    .add('GET', '/apps/:appId/documents/:docId', showDocument)
    .add('GET', '/apps/:appId/documents/:docId/versions', listVersions)
    .add('POST', '/apps/:appId/documents/:docId/versions', createVersion)
    .add('GET', '/apps/:appId/documents/:docId/versions/:versionId', showVersion)
    .add('POST', '/apps/:appId/documents/:docId/versions/:versionId/restore', restoreVersion);
}

export interface RequestHandlerOptions {
  readonly pathPrefix: string;
  readonly apps: AppRegistry;
  readonly api: ApiContext;
  /** Browser-facing routes (sign-in, /broadcasting/auth, the demo's documents); none while the demo is off. */
  readonly appSide: AppSideDeps | undefined;
  readonly log: Logger;
  /** Answers GET /up: whether this node is healthy, and details. */
  readonly health: () => { healthy: boolean; [detail: string]: unknown };
  /** GET /status: this node, the other nodes, the busiest channels and documents (same access as /metrics). */
  readonly status: () => Promise<object>;
  /** Signed API requests per second per app; 0: unlimited. */
  readonly apiRequestsPerSecond: number;
  /** Answers GET /ready: whether a load balancer should send this node new clients. */
  readonly readiness: () => { ready: boolean; [detail: string]: unknown };
  /** POST /restart, from `chorus restart` on the node's own machine. */
  readonly restart: RestartRoute;
  /** GET /metrics: Prometheus text; with a token, only for `Authorization: Bearer <token>`. */
  readonly metrics: { render(): Promise<{ contentType: string; body: string }>; readonly token: string | undefined };
  /** Serves everything that is not the API (the web client); answers 404 itself when it has nothing. */
  readonly fallback?: (req: IncomingMessage, res: ServerResponse) => void;
}

export function createRequestHandler(options: RequestHandlerOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const routes = apiRoutes();
  const browserRoutes = appRoutes();
  const apiRate = perApp(() => new RateLimiter(options.apiRequestsPerSecond));
  return (req, res) => {
    handle(options, routes, browserRoutes, req, res, apiRate).catch((caught: unknown) => {
      const error = caught instanceof BudgetExceeded ? new HttpError(429, caught.message)
        : caught instanceof DocumentNotLoaded || caught instanceof HistoryBusy ? new HttpError(503, caught.message) : caught;
      if (error instanceof HttpError) {
        options.log.warn('api request refused', { status: error.status, error: error.message, path: req.url?.split('?')[0] });
        if (!res.headersSent) sendJson(res, error.status, { error: error.message });
        return;
      }
      options.log.error('api request failed', { err: error, path: req.url?.split('?')[0] });
      if (!res.headersSent) sendJson(res, 500, { error: 'Internal server error' });
    });
  };
}

async function handle(
  options: RequestHandlerOptions,
  routes: Router<ApiHandler>,
  browserRoutes: Router<AppHandler>,
  req: IncomingMessage,
  res: ServerResponse,
  apiRate: (appId: string) => RateLimiter,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  // The signature covers the path as sent, so keep it undecoded.
  const rawPath = (req.url ?? '/').split('?')[0] ?? '/';
  const prefix = options.pathPrefix;
  const underPrefix = !prefix || rawPath === prefix || rawPath.startsWith(`${prefix}/`);
  const path = underPrefix ? rawPath.slice(prefix.length) || '/' : rawPath;
  if (req.method === 'GET' && (path === '/up' || rawPath === '/up')) {
    const health = options.health();
    return sendJson(res, health.healthy ? 200 : 503, health);
  }
  if (req.method === 'GET' && (path === '/ready' || rawPath === '/ready')) {
    const readiness = options.readiness();
    return sendJson(res, readiness.ready ? 200 : 503, readiness);
  }
  if (req.method === 'GET' && (path === '/metrics' || rawPath === '/metrics')) return serveMetrics(options.metrics, req, res);
  if (req.method === 'GET' && (path === '/status' || rawPath === '/status')) return serveStatus(options, req, res);
  if (req.method === 'POST' && underPrefix && path === '/restart') return serveRestart(options.restart, req, res, url, rawPath, prefix);
  const match = underPrefix && path.startsWith('/apps/') ? routes.match(req.method ?? 'GET', path) : undefined;
  if (match === 'method') throw new HttpError(405, `${req.method} is not allowed on ${path}`);
  if (!match) {
    const appSide = options.appSide;
    const browserMatch = underPrefix && appSide ? browserRoutes.match(req.method ?? 'GET', path) : undefined;
    if (appSide && browserMatch && browserMatch !== 'method') {
      refuseCrossOrigin(req, appSide.trust);
      const result = await browserMatch.handler(appSide, req, browserMatch.params);
      return sendJson(res, result.status ?? 200, result.body, result.headers);
    }
    if (options.fallback && !path.startsWith('/apps/')) return options.fallback(req, res);
    throw new HttpError(404, `Not found: ${rawPath.slice(0, 200)}`);
  }
  const apiRequest = await verifyApiRequest(req, url, rawPath, prefix, options.apps, match.params);
  if (!apiRate(apiRequest.app.id).take()) throw new HttpError(429, `Over ${options.apiRequestsPerSecond} API requests a second for this app (CHORUS_API_RATE)`);
  const result = await match.handler(options.api, apiRequest);
  sendJson(res, result.status ?? 200, result.body);
}

/**
 * Metrics and status tell about traffic and documents: with a token they
 * need it; without one they answer only a request made straight to the node
 * from this machine (a local agent), never one through a proxy.
 */
function checkOperator(token: string | undefined, req: IncomingMessage): void {
  const allowed = token ? safeEqual(req.headers.authorization ?? '', `Bearer ${token}`) : isDirectLocal(req);
  if (!allowed) throw new HttpError(token ? 401 : 403, token ? 'This needs the bearer token (CHORUS_METRICS_TOKEN)' : 'This answers only local requests; set CHORUS_METRICS_TOKEN to ask from elsewhere');
}

async function serveMetrics(metrics: RequestHandlerOptions['metrics'], req: IncomingMessage, res: ServerResponse): Promise<void> {
  checkOperator(metrics.token, req);
  const { contentType, body } = await metrics.render();
  res.writeHead(200, { 'content-type': contentType });
  res.end(body);
}

async function serveStatus(options: RequestHandlerOptions, req: IncomingMessage, res: ServerResponse): Promise<void> {
  checkOperator(options.metrics.token, req);
  sendJson(res, 200, await options.status());
}

/** One of something per app, made when the app first needs it. */
function perApp<T>(make: () => T): (appId: string) => T {
  const made = new Map<string, T>();
  return (appId) => {
    let value = made.get(appId);
    if (value === undefined) {
      value = make();
      made.set(appId, value);
    }
    return value;
  };
}
