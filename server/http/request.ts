/**
 * Turns a raw API request into a verified one: app found (404), body read
 * within its limit (413), signature checked (401), JSON parsed (400).
 */
import type { IncomingMessage } from 'node:http';
import { verifyRestRequest } from '../auth/rest.js';
import type { AppRegistry } from '../config/apps.js';
import type { AppConfig } from '../config/types.js';
import { HttpError } from './respond.js';

export interface ApiRequest {
  readonly app: AppConfig;
  readonly params: Record<string, string>;
  readonly query: URLSearchParams;
  /** Parsed JSON body, or undefined when there is none. */
  readonly body: unknown;
}

export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) throw new HttpError(413, `Request body of ${declared} bytes is over the ${limit}-byte limit`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new HttpError(413, `Request body is over the ${limit}-byte limit`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** Body limit for an app: REVERB_MAX_REQUEST_SIZE, or a full batch of maximum-size events plus room for the JSON around them. */
export function bodyLimit(app: AppConfig): number {
  return app.maxRequestBytes ?? app.maxEventBytes * app.maxBatchSize * 2 + 64 * 1024;
}

export async function verifyApiRequest(
  req: IncomingMessage,
  url: URL,
  rawPath: string,
  prefix: string,
  apps: AppRegistry,
  params: Record<string, string>,
): Promise<ApiRequest> {
  const app = apps.findById(params.appId ?? '');
  if (!app) throw new HttpError(404, `No app with id "${(params.appId ?? '').slice(0, 64)}"`);
  const body = await readBody(req, bodyLimit(app));
  const auth = verifyRestRequest({ method: req.method ?? 'GET', paths: signedPaths(rawPath, prefix), query: url.searchParams, body }, app);
  if (!auth.ok) throw new HttpError(401, auth.reason);
  return { app, params, query: url.searchParams, body: parseJson(body) };
}

/** The SDKs do not know about a path prefix: a signature over the path with or without it is good. */
export function signedPaths(rawPath: string, prefix: string): string[] {
  return prefix && rawPath.startsWith(prefix) ? [rawPath.slice(prefix.length), rawPath] : [rawPath];
}

function parseJson(body: Buffer): unknown {
  if (body.length === 0) return undefined;
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    throw new HttpError(400, 'Request body is not valid JSON');
  }
}
