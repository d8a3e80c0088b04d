/** Recognising a restore an editor makes in their own editor, by the Yjs client the node named for it. */
import { $createParagraphNode, $createTextNode, $getRoot } from 'lexical';
import * as Y from 'yjs';
import { afterEach, describe, expect, it } from 'vitest';
import { restoreChange, RESTORE_MARK } from '../../../shared/history/restore.js';
import { AwaitedRestores } from '../../../server/collab/awaited-restores.js';
import { seedDocument } from '../../../server/collab/lexical/convert.js';
import { bindHeadless, settle, type BoundEditor } from '../../../server/collab/lexical/headless.js';

const open: BoundEditor[] = [];
afterEach(() => open.splice(0).forEach((bound) => bound.dispose()));

/** A document, a version of it, and the document after a paragraph was added (so restoring only deletes). */
function addedSinceVersion(): { room: Y.Doc; version: Uint8Array } {
  const bound = bindHeadless(seedDocument('Take the train.'));
  open.push(bound);
  const version = Y.encodeStateAsUpdate(bound.doc);
  bound.editor.update(() => $getRoot().append($createParagraphNode().append($createTextNode('Fly instead.'))), { discrete: true });
  settle(bound.editor);
  return { room: bound.doc, version };
}

describe('awaited restores', () => {
  it('recognises a restore that only deletes by its mark, for the user it was named for only, once', () => {
    const { room, version } = addedSinceVersion();
    const restores = new AwaitedRestores();
    const clientId = restores.expect(room, 'ana', 'v1');
    expect(room.store.clients.has(clientId)).toBe(false);
    const change = restoreChange(room, version, { clientId, versionId: 'v1' });
    const decoded = Y.decodeUpdate(change.update);
    expect(decoded.structs.map((s) => s.id.client)).toEqual([clientId]);

    expect(restores.arriving('bo', decoded)).toBeUndefined();
    expect(restores.arriving('ana', decoded)).toMatchObject({ clientId, restoredFrom: 'v1' });
    expect(restores.arriving('ana', decoded)).toBeUndefined();
    expect(restores.find(clientId, 'ana')).toMatchObject({ clientId });
    expect(restores.find(clientId, 'bo')).toBeUndefined();

    Y.applyUpdate(room, change.update);
    expect(room.getMap(RESTORE_MARK).get('from')).toBe('v1');
  });

  it('does not take an ordinary edit for a restore', () => {
    const { room } = addedSinceVersion();
    const restores = new AwaitedRestores();
    restores.expect(room, 'ana', 'v1');
    expect(restores.arriving('ana', Y.decodeUpdate(Y.encodeStateAsUpdate(room)))).toBeUndefined();
  });
});
