/**
 * The browser-facing routes of the demo app (not the signed Pusher API):
 * sign-in, /broadcasting/auth, the demo's documents (demo-documents.ts) and
 * their versions (demo-versions.ts).
 * They exist only while the demo is on; state-changing ones refuse other
 * origins (api.ts checks before any handler runs).
 */
import type { IncomingMessage } from 'node:http';
import type { AppHandler, AppResult, AppSideDeps } from './app-side.js';
import { broadcastingAuth } from './broadcasting-auth.js';
import { createDocument, listDocuments, openDocument, renameDocument, revokeShareLinks, shareLinks } from './demo-documents.js';
import { listDemoVersions, nameDemoVersion, restoreDemoVersion, viewDemoVersion } from './demo-versions.js';
import { readForm } from './form.js';
import { overTls } from './origin.js';
import { HttpError } from './respond.js';
import { Router } from './router.js';

export function appRoutes(): Router<AppHandler> {
  return new Router<AppHandler>()
    .add('POST', '/broadcasting/auth', async (deps, req) => ({ body: await broadcastingAuth({ ...deps, userOf: (r) => deps.sessions.userOf(r) }, req) }))
    .add('GET', '/demo/config', async (deps) => ({ body: { key: deps.app.key, path: deps.pathPrefix } }))
    .add('POST', '/demo/session', signIn)
    // Signed out is an answer, not an error: { user: null }.
    .add('GET', '/demo/session', async (deps, req) => ({ body: { user: deps.sessions.userOf(req) ?? null } }))
    .add('DELETE', '/demo/session', async (deps, req) => ({ body: {}, headers: { 'set-cookie': deps.sessions.clearCookie(overTls(req, deps.trust)) } }))
    .add('GET', '/demo/documents', listDocuments)
    .add('POST', '/demo/documents', createDocument)
    .add('PATCH', '/demo/documents/:docId', renameDocument)
    .add('POST', '/demo/documents/:docId/access', openDocument)
    .add('POST', '/demo/documents/:docId/share', shareLinks)
    .add('DELETE', '/demo/documents/:docId/share', revokeShareLinks)
    .add('GET', '/demo/documents/:docId/versions', listDemoVersions)
    .add('POST', '/demo/documents/:docId/versions', nameDemoVersion)
    .add('GET', '/demo/documents/:docId/versions/:versionId', viewDemoVersion)
    .add('POST', '/demo/documents/:docId/versions/:versionId/restore', restoreDemoVersion);
}

/** The session token goes into the HttpOnly cookie only, never into the body, where a script could read it. */
async function signIn(deps: AppSideDeps, req: IncomingMessage): Promise<AppResult> {
  const result = deps.sessions.signIn(await readForm(req));
  if ('error' in result) throw new HttpError(400, result.error);
  return { body: { user: result.user }, headers: { 'set-cookie': deps.sessions.cookie(result.user, overTls(req, deps.trust)) } };
}
