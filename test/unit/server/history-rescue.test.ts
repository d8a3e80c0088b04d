/** Text typed into a block at the moment a restore removes it is found before Yjs drops it, and put back. */
import { $createParagraphNode, $createTextNode, $getRoot, type ElementNode, type TextNode } from 'lexical';
import * as Y from 'yjs';
import { afterEach, describe, expect, it } from 'vitest';
import { collectAllButContainers, findOrphans, type Orphan } from '../../../server/collab/history/orphans.js';
import { rescueChange } from '../../../server/collab/history/rescue.js';
import { restoreChange } from '../../../shared/history/restore.js';
import { exportDocument, seedDocument } from '../../../server/collab/lexical/convert.js';
import { bindHeadless, settle, type BoundEditor } from '../../../server/collab/lexical/headless.js';

const open: BoundEditor[] = [];
afterEach(() => open.splice(0).forEach((bound) => bound.dispose()));

function edit(bound: BoundEditor, change: () => void): void {
  bound.editor.update(change, { discrete: true });
  settle(bound.editor);
}

const text = (doc: Y.Doc): string => exportDocument(Y.encodeStateAsUpdate(doc), 'text') as string;
const block = (index: number): ElementNode => $getRoot().getChildAtIndex<ElementNode>(index)!;

/** A server's document (garbage collected, like a room's) and Bo's replica of it, with a version taken before Bo added a paragraph. */
function setUp(): { server: Y.Doc; bo: BoundEditor; version: Uint8Array } {
  const server = new Y.Doc({ gcFilter: collectAllButContainers });
  Y.applyUpdate(server, seedDocument('First\nLast'));
  const version = Y.encodeStateAsUpdate(server);
  const bo = bindHeadless(version);
  open.push(bo);
  edit(bo, () => block(0).insertAfter($createParagraphNode().append($createTextNode('Bo writes'))));
  Y.applyUpdate(server, Y.encodeStateAsUpdate(bo.doc, Y.encodeStateVector(server)));
  return { server, bo, version };
}

/** Applies Bo's latest edits to the server as a room applies a member's update, collecting what was orphaned. */
function deliverFromBo(server: Y.Doc, bo: BoundEditor): Orphan[] {
  const update = Y.encodeStateAsUpdate(bo.doc, Y.encodeStateVector(server));
  const orphans: Orphan[] = [];
  const collect = (tr: Y.Transaction): void => void orphans.push(...findOrphans(tr, Y.decodeUpdate(update).ds));
  server.on('afterTransaction', collect);
  Y.applyUpdate(server, update, 'bo');
  server.off('afterTransaction', collect);
  return orphans;
}

describe('rescuing concurrent edits from a restore', () => {
  it('finds the text Bo typed into the paragraph a restore removed, and puts it back where the paragraph stood', () => {
    const { server, bo, version } = setUp();
    const restore = restoreChange(server, version);
    Y.applyUpdate(server, restore.update);
    expect(text(server)).toBe('First\n\nLast');
    // Bo had not received the restore: he keeps typing into his paragraph.
    edit(bo, () => block(1).getFirstChild<TextNode>()!.setTextContent('Bo writes more'));
    const orphans = deliverFromBo(server, bo);
    expect(orphans).toHaveLength(1);
    expect(orphans[0]!.text).toBe(' more');
    expect(text(server)).toBe('First\n\nLast');
    Y.applyUpdate(server, rescueChange(server, orphans));
    expect(text(server)).toBe('First\n\n more\n\nLast');
  });

  it('reports nothing for ordinary edits, nor for text its own update deleted', () => {
    const { server, bo } = setUp();
    edit(bo, () => block(1).getFirstChild<TextNode>()!.setTextContent('Bo writes on'));
    expect(deliverFromBo(server, bo)).toEqual([]);
    edit(bo, () => block(1).getFirstChild<TextNode>()!.setTextContent('Bo writes on, then'));
    edit(bo, () => block(1).remove());
    expect(deliverFromBo(server, bo)).toEqual([]);
    expect(text(server)).toBe('First\n\nLast');
  });
});
