/**
 * POST /restart: how `chorus restart` reaches a node that runs without Redis.
 * A restart is a disruption anyone could cause if it were open, so the
 * request must come straight from the node's own machine (never through a
 * proxy) and be signed, as the HTTP API is, with the first app's key and secret.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { verifyRestRequest } from '../auth/rest.js';
import { isDirectLocal } from './local.js';
import { readBody, signedPaths } from './request.js';
import { HttpError, sendJson } from './respond.js';

export interface RestartRoute {
  /** The app whose credentials sign restart requests. */
  readonly app: { key: string; secret: string };
  /** Starts the restart and says how it goes; undefined when this node cannot restart itself. */
  readonly request: () => Record<string, unknown> | undefined;
}

export async function serveRestart(route: RestartRoute, req: IncomingMessage, res: ServerResponse, url: URL, rawPath: string, prefix: string): Promise<void> {
  if (!isDirectLocal(req)) throw new HttpError(403, 'Restart answers only requests made straight to the node from its own machine');
  const body = await readBody(req, 1024);
  const auth = verifyRestRequest({ method: 'POST', paths: signedPaths(rawPath, prefix), query: url.searchParams, body }, route.app);
  if (!auth.ok) throw new HttpError(401, auth.reason);
  const accepted = route.request();
  if (!accepted) throw new HttpError(501, 'This node was not started by `chorus start`: it cannot restart itself');
  sendJson(res, 202, accepted);
}
