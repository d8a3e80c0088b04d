/**
 * The browser-facing routes of the demo app (not the signed Pusher API):
 * sign-in, /broadcasting/auth, and the document list the demo shows.
 */
import type { IncomingMessage } from 'node:http';
import { randomBytes } from 'node:crypto';
import { isValidDocId } from '../../shared/doc/events.js';
import type { ChannelRules } from '../auth/channel-rules.js';
import type { AppConfig } from '../config/types.js';
import type { DemoSessions } from '../demo/session.js';
import type { ShareTokens } from '../demo/share.js';
import { broadcastingAuth } from './broadcasting-auth.js';
import type { DocumentsApi } from './context.js';
import { readForm } from './form.js';
import { HttpError } from './respond.js';
import { Router } from './router.js';

export interface AppSideDeps {
  readonly app: AppConfig;
  readonly rules: ChannelRules;
  readonly sessions: DemoSessions;
  readonly shares: ShareTokens;
  readonly documents: DocumentsApi;
  readonly pathPrefix: string;
}

export interface AppResult {
  readonly status?: number;
  readonly body: unknown;
  readonly headers?: Record<string, string>;
}

export type AppHandler = (deps: AppSideDeps, req: IncomingMessage, params: Record<string, string>) => Promise<AppResult>;

export function appRoutes(): Router<AppHandler> {
  return new Router<AppHandler>()
    .add('POST', '/broadcasting/auth', async (deps, req) => ({ body: await broadcastingAuth({ ...deps, userOf: (r) => deps.sessions.userOf(r) }, req) }))
    .add('GET', '/demo/config', async (deps) => ({ body: { key: deps.app.key, path: deps.pathPrefix } }))
    .add('POST', '/demo/session', signIn)
    .add('GET', '/demo/session', async (deps, req) => ({ body: { user: signedIn(deps, req) } }))
    .add('DELETE', '/demo/session', async (deps) => ({ body: {}, headers: { 'set-cookie': deps.sessions.clearCookie() } }))
    .add('GET', '/demo/documents', listDocuments)
    .add('POST', '/demo/documents', createDocument)
    .add('PATCH', '/demo/documents/:docId', renameDocument)
    .add('GET', '/demo/documents/:docId/share', shareLinks);
}

async function signIn(deps: AppSideDeps, req: IncomingMessage): Promise<AppResult> {
  const result = deps.sessions.signIn(await readForm(req));
  if ('error' in result) throw new HttpError(400, result.error);
  return { body: { user: result.user, token: deps.sessions.token(result.user) }, headers: { 'set-cookie': deps.sessions.cookie(result.user) } };
}

function signedIn(deps: AppSideDeps, req: IncomingMessage): NonNullable<ReturnType<DemoSessions['userOf']>> {
  const user = deps.sessions.userOf(req);
  if (!user) throw new HttpError(401, 'Sign in first');
  return user;
}

async function listDocuments(deps: AppSideDeps, req: IncomingMessage): Promise<AppResult> {
  signedIn(deps, req);
  const documents = await deps.documents.list(deps.app.id);
  return { body: { documents: documents.map((d) => ({ id: d.id, title: d.title, updated_at: d.updatedAt.toISOString() })) } };
}

async function createDocument(deps: AppSideDeps, req: IncomingMessage): Promise<AppResult> {
  signedIn(deps, req);
  const title = cleanTitle((await readForm(req)).title);
  const id = randomBytes(9).toString('base64url');
  await deps.documents.create({ appId: deps.app.id, docId: id }, '', 'text', title);
  return { status: 201, body: { id, title } };
}

async function renameDocument(deps: AppSideDeps, req: IncomingMessage, params: Record<string, string>): Promise<AppResult> {
  signedIn(deps, req);
  const id = params.docId ?? '';
  const title = cleanTitle((await readForm(req)).title);
  if (!isValidDocId(id) || !(await deps.documents.rename({ appId: deps.app.id, docId: id }, title))) throw new HttpError(404, 'No such document');
  return { body: { id, title } };
}

async function shareLinks(deps: AppSideDeps, req: IncomingMessage, params: Record<string, string>): Promise<AppResult> {
  signedIn(deps, req);
  const id = params.docId ?? '';
  if (!isValidDocId(id)) throw new HttpError(404, 'No such document');
  return { body: { editor: deps.shares.token(id, 'editor'), viewer: deps.shares.token(id, 'viewer') } };
}

function cleanTitle(value: string | undefined): string {
  const title = (value ?? '').trim();
  if (title.length > 200) throw new HttpError(400, 'title must be at most 200 characters');
  return title || 'Untitled';
}
