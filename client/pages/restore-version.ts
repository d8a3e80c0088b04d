/**
 * Restoring a version from the History panel. When this person's editor is
 * open and editable, it makes the change itself, as computed against what it
 * shows, and applies it as the person's own edit: it reaches everyone like
 * any edit, and the editor's Undo takes it back (Redo brings it again). The
 * server takes the versions around it once it arrives. Otherwise the server
 * restores.
 */
import type * as Y from 'yjs';
import { fromBase64 } from '../../shared/doc/base64.js';
import { restoreChange } from '../../shared/history/restore.js';
import type { RestoreResult, VersionsApi } from './versions-api.js';

/** This person's open editor, as a restore needs it. */
export interface OwnEditor {
  /** The socket its document channel is on, while connected. */
  socketId(): string | undefined;
  applyOwnChange(make: (doc: Y.Doc) => Uint8Array): boolean;
}

export async function restoreVersion(api: VersionsApi, id: string, editor: OwnEditor | undefined): Promise<RestoreResult> {
  const answer = await api.restore(id, editor?.socketId());
  if (!('client_id' in answer)) return answer;
  const state = fromBase64(answer.state);
  const made = state !== undefined && editor?.applyOwnChange((doc) => restoreChange(doc, state, { clientId: answer.client_id, versionId: id }).update);
  if (!made) return (await api.restore(id)) as RestoreResult;
  return api.restoreMade(id, answer.client_id);
}
