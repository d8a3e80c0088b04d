/**
 * The demo's documents: a list, creating one (its creator is its owner),
 * opening one (the role it grants, or why a share link is refused), renaming
 * (for its editors), and, for the owner only, share links and revoking them.
 */
import type { IncomingMessage } from 'node:http';
import { randomBytes } from 'node:crypto';
import { docChannel, isValidDocId, MAX_TITLE_LENGTH } from '../../shared/doc/events.js';
import type { ChannelUser } from '../auth/channel-rules.js';
import { signedIn, type AppResult, type AppSideDeps } from './app-side.js';
import { readForm } from './form.js';
import { HttpError } from './respond.js';

type Params = Record<string, string>;

export async function listDocuments(deps: AppSideDeps, req: IncomingMessage): Promise<AppResult> {
  const user = signedIn(deps, req);
  const documents = await deps.documents.list(deps.app.id);
  const row = (d: (typeof documents)[number]) => ({ id: d.id, title: d.title, updated_at: d.updatedAt.toISOString(), owned: d.owner === user.id });
  return { body: { documents: documents.map(row) } };
}

export async function createDocument(deps: AppSideDeps, req: IncomingMessage): Promise<AppResult> {
  const user = signedIn(deps, req);
  const title = cleanTitle((await readForm(req)).title);
  const id = randomBytes(9).toString('base64url');
  await deps.documents.create({ appId: deps.app.id, docId: id }, '', 'text', title, user.id);
  return { status: 201, body: { id, title } };
}

/** What the signed-in user may do with the document, given the share link they hold (if any). */
export async function openDocument(deps: AppSideDeps, req: IncomingMessage, params: Params): Promise<AppResult> {
  const user = signedIn(deps, req);
  const id = documentId(params);
  const { share } = await readForm(req);
  const info = await deps.documents.info({ appId: deps.app.id, docId: id });
  if (!info) throw new HttpError(404, 'No such document');
  const access = await deps.access.of(user, id, share);
  if (!access.ok) throw new HttpError(403, access.reason);
  return { body: { id, title: info.title, role: access.role, owner: access.owner } };
}

/** Editors rename: the owner, and whoever holds an editor link (sent as `share`); everyone with it open hears the new title. */
export async function renameDocument(deps: AppSideDeps, req: IncomingMessage, params: Params): Promise<AppResult> {
  const user = signedIn(deps, req);
  const id = documentId(params);
  const form = await readForm(req);
  const key = { appId: deps.app.id, docId: id };
  if (!(await deps.documents.info(key))) throw new HttpError(404, 'No such document');
  const access = await deps.access.of(user, id, form.share);
  if (!access.ok) throw new HttpError(403, access.reason);
  if (access.role !== 'editor') throw new HttpError(403, 'Only editors of the document may rename it');
  const title = cleanTitle(form.title);
  if (!(await deps.documents.rename(key, title))) throw new HttpError(404, 'No such document');
  deps.titleChanged(id, title);
  return { body: { id, title } };
}

/** Fresh editor and viewer links, valid for the configured time and until revoked. */
export async function shareLinks(deps: AppSideDeps, req: IncomingMessage, params: Params): Promise<AppResult> {
  const { id } = await ownedDocument(deps, req, params);
  const { shareGeneration } = await deps.documents.access({ appId: deps.app.id, docId: id });
  const editor = deps.shares.issue(id, 'editor', shareGeneration);
  const viewer = deps.shares.issue(id, 'viewer', shareGeneration);
  return { body: { editor: editor.token, viewer: viewer.token, expires_at: new Date(viewer.expiresAt * 1000).toISOString() } };
}

/**
 * Every link issued so far stops working; whoever has the document open (but
 * the owner) reconnects and is authorised again, so a revoked link loses its
 * access at once, not only at the next visit.
 */
export async function revokeShareLinks(deps: AppSideDeps, req: IncomingMessage, params: Params): Promise<AppResult> {
  const { id, user } = await ownedDocument(deps, req, params);
  await deps.documents.revokeShares({ appId: deps.app.id, docId: id });
  deps.reauthorize(docChannel(id), user.id);
  return { body: { revoked: true } };
}

async function ownedDocument(deps: AppSideDeps, req: IncomingMessage, params: Params): Promise<{ id: string; user: ChannelUser }> {
  const user = signedIn(deps, req);
  const id = documentId(params);
  if (!(await deps.access.owns(user, id))) throw new HttpError(403, 'Only the owner of the document may do that');
  return { id, user };
}

function documentId(params: Params): string {
  const id = params.docId ?? '';
  if (!isValidDocId(id)) throw new HttpError(404, 'No such document');
  return id;
}

function cleanTitle(value: string | undefined): string {
  const title = (value ?? '').trim();
  if (title.length > MAX_TITLE_LENGTH) throw new HttpError(400, `title must be at most ${MAX_TITLE_LENGTH} characters`);
  return title || 'Untitled';
}
