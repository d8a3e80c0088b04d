/** Versions as both the signed API and the demo's routes answer them, and the checks both make of their input. */
import { isValidDocId } from '../../shared/doc/events.js';
import type { VersionRecord } from '../collab/store.js';
import { HttpError } from './respond.js';

const MAX_NAME = 200;

export function versionJson(version: VersionRecord): object {
  return {
    id: version.id, name: version.name, kind: version.kind, created_at: version.createdAt.toISOString(), authors: version.authors,
    ...(version.restoredFrom ? { restored_from: version.restoredFrom } : {}),
  };
}

/** Version ids look like document ids; anything else names no version. */
export function versionIdOf(params: Record<string, string>): string {
  const id = params.versionId ?? '';
  if (!isValidDocId(id)) throw new HttpError(404, 'No such version');
  return id;
}

export function versionName(value: unknown): string {
  const name = typeof value === 'string' ? value.trim() : '';
  if (!name || name.length > MAX_NAME) throw new HttpError(400, `name must be a string of 1 to ${MAX_NAME} characters`);
  return name;
}

export function found<T>(value: T | undefined, what = 'No such document or version'): T {
  if (value === undefined) throw new HttpError(404, what);
  return value;
}
