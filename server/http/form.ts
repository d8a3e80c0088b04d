/** Bodies of browser-facing routes: JSON or form-encoded, small. */
import type { IncomingMessage } from 'node:http';
import { isPlainObject } from '../../shared/pusher/frames.js';
import { readBody } from './request.js';
import { HttpError } from './respond.js';

const LIMIT = 64 * 1024;

export async function readForm(req: IncomingMessage): Promise<Record<string, string>> {
  const body = (await readBody(req, LIMIT)).toString('utf8');
  if (body.length === 0) return {};
  if ((req.headers['content-type'] ?? '').includes('application/json')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      throw new HttpError(400, 'Request body is not valid JSON');
    }
    if (!isPlainObject(parsed)) throw new HttpError(400, 'Request body must be a JSON object');
    return Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
  }
  return Object.fromEntries(new URLSearchParams(body));
}
