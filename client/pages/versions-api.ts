/**
 * The demo's calls for a document's versions (same origin, sign-in cookie).
 * Someone who came with a share link passes it on each call: the server
 * checks the role anew every time (viewers list and view; editors also name
 * and restore).
 */
import type { DiffElement, VersionAuthor } from '../../shared/history/diff-tree.js';
import { call } from './api.js';

export interface VersionSummary {
  readonly id: string;
  readonly name: string | null;
  /** auto: after a stretch of editing or before a restore; named: by a person; restore: right after a restore. */
  readonly kind: 'auto' | 'named' | 'restore';
  readonly created_at: string;
  readonly authors: VersionAuthor[];
  readonly restored_from?: string;
}

export type CompareWith = 'previous' | 'current';

export interface VersionView {
  readonly version: VersionSummary;
  readonly compare: CompareWith;
  readonly base: VersionSummary | null;
  readonly diff: DiffElement;
  readonly people: VersionAuthor[];
}

export interface RestoreResult {
  /** The version of the document as the restore left it. */
  readonly id: string;
  readonly restored_from: string;
  /** The version taken just before the restore: restoring it undoes the restore. */
  readonly before: string;
}

/** A restore the person's own editor is to make: the version's state (base64) and the Yjs client to make the change as. */
export interface RestoreToMake {
  readonly restored_from: string;
  readonly client_id: number;
  readonly state: string;
}

/** The version calls for one document, as the person holding `share` (if any) may make them. */
export function versionsApi(docId: string, share: string | undefined) {
  const base = `/demo/documents/${encodeURIComponent(docId)}/versions`;
  const query = (params: Record<string, string>): string => `?${new URLSearchParams({ ...params, ...(share ? { share } : {}) }).toString()}`;
  const body = (fields: Record<string, string>): Record<string, string> => ({ ...fields, ...(share ? { share } : {}) });
  return {
    list: () => call<{ versions: VersionSummary[] }>('GET', `${base}${query({})}`).then((r) => r.versions),
    name: (name: string) => call<VersionSummary>('POST', base, body({ name })),
    view: (id: string, compare: CompareWith) => call<VersionView>('GET', `${base}/${encodeURIComponent(id)}${query({ compare })}`),
    /** With the socket of this person's open editor, the server may leave the change to it (RestoreToMake). */
    restore: (id: string, socketId?: string) =>
      call<RestoreResult | RestoreToMake>('POST', `${base}/${encodeURIComponent(id)}/restore`, body(socketId ? { socket_id: socketId } : {})),
    /** The versions around a restore made in this person's editor, once its change reached the server. */
    restoreMade: (id: string, clientId: number) =>
      call<RestoreResult>('POST', `${base}/${encodeURIComponent(id)}/restore`, body({ client_id: String(clientId) })),
  };
}

export type VersionsApi = ReturnType<typeof versionsApi>;
