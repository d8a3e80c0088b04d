/** Documents' versions in the signed API: list, name, read in an export format, restore (for an author the app names). */
import type { VersionAuthor } from '../../shared/history/diff-tree.js';
import { isPlainObject } from '../../shared/pusher/frames.js';
import { EXPORT_FORMATS, type ExportFormat } from '../collab/formats.js';
import type { ApiContext, ApiResult } from './context.js';
import type { ApiRequest } from './request.js';
import { HttpError } from './respond.js';
import { found, versionIdOf, versionJson, versionName } from './version-json.js';
import { documentKey } from './documents.js';

export async function listVersions(ctx: ApiContext, req: ApiRequest): Promise<ApiResult> {
  const versions = found(await ctx.versions.list(documentKey(req)), 'No such document');
  return { body: { versions: versions.map(versionJson) } };
}

export async function createVersion(ctx: ApiContext, req: ApiRequest): Promise<ApiResult> {
  if (!isPlainObject(req.body)) throw new HttpError(400, 'Body must be a JSON object with a name');
  const version = found(await ctx.versions.name(documentKey(req), versionName(req.body.name)), 'No such document');
  return { status: 201, body: { id: version.id, name: version.name, created_at: version.createdAt.toISOString() } };
}

export async function showVersion(ctx: ApiContext, req: ApiRequest): Promise<ApiResult> {
  const format = req.query.get('format') ?? 'text';
  if (!(EXPORT_FORMATS as readonly string[]).includes(format)) throw new HttpError(400, `format must be one of ${EXPORT_FORMATS.join(', ')}`);
  const id = versionIdOf(req.params);
  const content = found(await ctx.versions.read(documentKey(req), id, format as ExportFormat));
  return { body: { id, format, content } };
}

export async function restoreVersion(ctx: ApiContext, req: ApiRequest): Promise<ApiResult> {
  const id = versionIdOf(req.params);
  const result = found(await ctx.versions.restore(documentKey(req), id, restoreAuthor(req.body)));
  return { body: { id: result.id, restored_from: id, before: result.before } };
}

/** Whom an API restore is made for, when the app says so; else it is marked as made through the API. */
const API_AUTHOR: VersionAuthor = { id: 'chorus:api', name: 'HTTP API' };
const MAX_AUTHOR_ID = 200;
const MAX_AUTHOR_NAME = 100;

function restoreAuthor(body: unknown): VersionAuthor {
  if (body === undefined) return API_AUTHOR;
  if (!isPlainObject(body)) throw new HttpError(400, 'Body must be a JSON object');
  const { author } = body;
  if (author === undefined) return API_AUTHOR;
  const fields = isPlainObject(author) ? author : {};
  const { id, name } = fields;
  if (typeof id !== 'string' || id.length === 0 || id.length > MAX_AUTHOR_ID) throw new HttpError(400, `author.id must be a string of 1 to ${MAX_AUTHOR_ID} characters`);
  if (name !== undefined && (typeof name !== 'string' || name.length > MAX_AUTHOR_NAME)) throw new HttpError(400, `author.name must be a string of at most ${MAX_AUTHOR_NAME} characters`);
  return { id, ...(name ? { name } : {}) };
}
