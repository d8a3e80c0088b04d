/**
 * Every HTTP route of a node, in one table, and the request handler that runs
 * them: signed Pusher API routes under /apps/{appId}, plus /up, /ready,
 * /metrics, /restart and the client.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AppRegistry } from '../config/apps.js';
import type { Logger } from '../observability/log.js';
import { listChannels, showChannel } from './channels.js';
import { appRoutes, type AppHandler, type AppSideDeps } from './app-routes.js';
import type { ApiContext, ApiHandler } from './context.js';
import { createDocument, listDocuments, showDocument } from './documents.js';
import { triggerBatch, triggerEvent } from './events.js';
import { verifyApiRequest } from './request.js';
import { safeEqual } from '../auth/signatures.js';
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
    .add('GET', '/apps/:appId/documents/:docId', showDocument);
}

export interface RequestHandlerOptions {
  readonly pathPrefix: string;
  readonly apps: AppRegistry;
  readonly api: ApiContext;
  /** Browser-facing routes (sign-in, /broadcasting/auth, the demo's documents). */
  readonly appSide: AppSideDeps;
  readonly log: Logger;
  /** Answers GET /up: whether this node is healthy, and details. */
  readonly health: () => { healthy: boolean; [detail: string]: unknown };
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
  return (req, res) => {
    handle(options, routes, browserRoutes, req, res).catch((error: unknown) => {
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
  if (req.method === 'POST' && underPrefix && path === '/restart') return serveRestart(options.restart, req, res, url, rawPath, prefix);
  const match = underPrefix && path.startsWith('/apps/') ? routes.match(req.method ?? 'GET', path) : undefined;
  if (match === 'method') throw new HttpError(405, `${req.method} is not allowed on ${path}`);
  if (!match) {
    const browserMatch = underPrefix ? browserRoutes.match(req.method ?? 'GET', path) : undefined;
    if (browserMatch && browserMatch !== 'method') {
      const result = await browserMatch.handler(options.appSide, req, browserMatch.params);
      return sendJson(res, result.status ?? 200, result.body, result.headers);
    }
    if (options.fallback && !path.startsWith('/apps/')) return options.fallback(req, res);
    throw new HttpError(404, `Not found: ${rawPath.slice(0, 200)}`);
  }
  const apiRequest = await verifyApiRequest(req, url, rawPath, prefix, options.apps, match.params);
  const result = await match.handler(options.api, apiRequest);
  sendJson(res, result.status ?? 200, result.body);
}

/**
 * Metrics tell about traffic and documents: with a token they need it;
 * without one they answer only a request made straight to the node from
 * this machine (a local agent), never one through a proxy.
 */
async function serveMetrics(metrics: RequestHandlerOptions['metrics'], req: IncomingMessage, res: ServerResponse): Promise<void> {
  const allowed = metrics.token
    ? safeEqual(req.headers.authorization ?? '', `Bearer ${metrics.token}`)
    : isDirectLocal(req);
  if (!allowed) throw new HttpError(metrics.token ? 401 : 403, metrics.token ? 'Metrics need the bearer token' : 'Metrics answer only local requests; set CHORUS_METRICS_TOKEN to scrape from elsewhere');
  const { contentType, body } = await metrics.render();
  res.writeHead(200, { 'content-type': contentType });
  res.end(body);
}
