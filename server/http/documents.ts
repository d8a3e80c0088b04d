/** The Documents API: server-to-server, signed like the rest of the HTTP API. */
import { randomBytes } from 'node:crypto';
import { isValidDocId, MAX_TITLE_LENGTH } from '../../shared/doc/events.js';
import { isPlainObject } from '../../shared/pusher/frames.js';
import type { ApiContext, ApiResult } from './context.js';
import type { ApiRequest } from './request.js';
import { HttpError } from './respond.js';
import { EXPORT_FORMATS, SEED_FORMATS, type ExportFormat, type SeedFormat } from '../collab/formats.js';

export async function listDocuments(ctx: ApiContext, req: ApiRequest): Promise<ApiResult> {
  const documents = await ctx.documents.list(req.app.id);
  return { body: { documents: documents.map((d) => ({ id: d.id, title: d.title, updated_at: d.updatedAt.toISOString(), size: d.size })) } };
}

/** The document a request's path names; 404 for an id no document can have. */
export function documentKey(req: ApiRequest): { appId: string; docId: string } {
  const id = req.params.docId ?? '';
  if (!isValidDocId(id)) throw new HttpError(404, 'No such document');
  return { appId: req.app.id, docId: id };
}

export async function showDocument(ctx: ApiContext, req: ApiRequest): Promise<ApiResult> {
  const id = req.params.docId ?? '';
  const format = req.query.get('format') ?? 'text';
  if (!(EXPORT_FORMATS as readonly string[]).includes(format)) throw new HttpError(400, `format must be one of ${EXPORT_FORMATS.join(', ')}`);
  documentKey(req);
  const content = await ctx.documents.read({ appId: req.app.id, docId: id }, format as ExportFormat);
  if (content === undefined) throw new HttpError(404, `No document "${id}"`);
  return { body: { id, format, content } };
}

export async function createDocument(ctx: ApiContext, req: ApiRequest): Promise<ApiResult> {
  const body = req.body === undefined ? {} : req.body;
  if (!isPlainObject(body)) throw new HttpError(400, 'Body must be a JSON object');
  const id = body.id ?? randomBytes(9).toString('base64url');
  if (!isValidDocId(id)) throw new HttpError(400, 'id must match [A-Za-z0-9_-]{1,64}');
  const content = body.content ?? '';
  if (typeof content !== 'string') throw new HttpError(400, 'content must be a string');
  const format = body.format ?? 'text';
  if (!(SEED_FORMATS as readonly string[]).includes(format as string)) throw new HttpError(400, `format must be one of ${SEED_FORMATS.join(', ')}`);
  const title = body.title ?? '';
  if (typeof title !== 'string' || title.length > MAX_TITLE_LENGTH) throw new HttpError(400, `title must be a string of at most ${MAX_TITLE_LENGTH} characters`);
  const created = await ctx.documents.create({ appId: req.app.id, docId: id }, content, format as SeedFormat, title);
  if (!created) throw new HttpError(409, `Document "${id}" already exists`);
  return { status: 201, body: { id } };
}
