/**
 * The demo's version history: anyone who may open the document lists its
 * versions and views them (with what changed); editors name the current
 * state and restore. The role is the one the user holds on the document
 * (owner, or the share link they came with), asked anew on every request.
 */
import type { IncomingMessage } from 'node:http';
import { toBase64 } from '../../shared/doc/base64.js';
import { isValidDocId } from '../../shared/doc/events.js';
import type { ChannelUser } from '../auth/channel-rules.js';
import type { CompareWith } from '../collab/versions.js';
import { signedIn, type AppResult, type AppSideDeps } from './app-side.js';
import { readForm } from './form.js';
import { HttpError } from './respond.js';
import { found, versionIdOf, versionJson, versionName } from './version-json.js';

type Params = Record<string, string>;

export async function listDemoVersions(deps: AppSideDeps, req: IncomingMessage, params: Params): Promise<AppResult> {
  const { key } = await permitted(deps, req, params, shareInQuery(req), 'viewer');
  const versions = found(await deps.versions.list(key), 'No such document');
  return { body: { versions: versions.map(versionJson) } };
}

export async function nameDemoVersion(deps: AppSideDeps, req: IncomingMessage, params: Params): Promise<AppResult> {
  const form = await readForm(req);
  const { key } = await permitted(deps, req, params, form.share, 'editor');
  const version = found(await deps.versions.name(key, versionName(form.name)), 'No such document');
  return { status: 201, body: versionJson(version) };
}

export async function viewDemoVersion(deps: AppSideDeps, req: IncomingMessage, params: Params): Promise<AppResult> {
  const { key } = await permitted(deps, req, params, shareInQuery(req), 'viewer');
  const compare = new URL(req.url ?? '/', 'http://localhost').searchParams.get('compare') ?? 'previous';
  if (compare !== 'previous' && compare !== 'current') throw new HttpError(400, 'compare must be previous or current');
  const view = found(await deps.versions.view(key, versionIdOf(params), compare as CompareWith));
  return {
    body: {
      version: versionJson(view.version), compare: view.compare, base: view.base ? versionJson(view.base) : null,
      diff: view.diff, people: view.people,
    },
  };
}

/**
 * Restores a version. With the `socket_id` of the editor's open document,
 * the editor's browser makes the change itself, so that its Undo takes it
 * back: the answer is the version's state and the Yjs client to make it as,
 * and a second call with that `client_id` answers, once the change has
 * arrived, with the versions around it. Otherwise the server restores.
 */
export async function restoreDemoVersion(deps: AppSideDeps, req: IncomingMessage, params: Params): Promise<AppResult> {
  const form = await readForm(req);
  const { key, user } = await permitted(deps, req, params, form.share, 'editor');
  const id = versionIdOf(params);
  if (form.client_id !== undefined) {
    const made = found(await deps.versions.madeRestore(key, clientIdOf(form.client_id), user.id), 'No such restore, or its change has not arrived');
    return { body: { id: made.id, restored_from: id, before: made.before } };
  }
  const prepared = form.socket_id && SOCKET_ID.test(form.socket_id) ? await deps.versions.prepareRestore(key, id, user.id, form.socket_id) : undefined;
  if (prepared) return { body: { restored_from: id, client_id: prepared.clientId, state: toBase64(prepared.state) } };
  const result = found(await deps.versions.restore(key, id, { id: user.id, name: user.name, color: user.color }));
  return { body: { id: result.id, restored_from: id, before: result.before } };
}

const SOCKET_ID = /^\d{1,20}\.\d{1,20}$/;

function clientIdOf(value: string): number {
  const id = Number(value);
  if (!/^\d{1,10}$/.test(value) || id > 0xffffffff) throw new HttpError(400, 'client_id must be a Yjs client id');
  return id;
}

/** The signed-in user, if they may do this with the document: view (any role) or change it (editors only). */
async function permitted(deps: AppSideDeps, req: IncomingMessage, params: Params, share: string | undefined, needs: 'viewer' | 'editor'): Promise<{ key: { appId: string; docId: string }; user: ChannelUser }> {
  const user = signedIn(deps, req);
  const docId = params.docId ?? '';
  if (!isValidDocId(docId)) throw new HttpError(404, 'No such document');
  const access = await deps.access.of(user, docId, share);
  if (!access.ok) throw new HttpError(403, access.reason);
  if (needs === 'editor' && access.role !== 'editor') throw new HttpError(403, 'Only editors may name versions and restore them');
  return { key: { appId: deps.app.id, docId }, user };
}

function shareInQuery(req: IncomingMessage): string | undefined {
  return new URL(req.url ?? '/', 'http://localhost').searchParams.get('share') ?? undefined;
}
