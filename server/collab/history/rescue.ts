/**
 * Keeps text that was typed, at the same moment as a restore, into a block
 * the restore removed: it goes back into the document as a new paragraph
 * where that block stood (or at the end when that place is gone), made with
 * the same headless Lexical the server seeds documents with, so it is a
 * paragraph like any other.
 */
import { $createParagraphNode, $createTextNode, $getRoot } from 'lexical';
import * as Y from 'yjs';
import { DOC_ROOT } from '../../../shared/editor/doc-root.js';
import { bindHeadless, settle } from '../lexical/headless.js';
import type { Orphan } from './orphans.js';

/** The update that puts the orphans' text back into `doc` (not applied). */
export function rescueChange(doc: Y.Doc, orphans: readonly Orphan[]): Uint8Array {
  const bound = bindHeadless(Y.encodeStateAsUpdate(doc));
  try {
    const placed = orphans
      .map((orphan) => ({ text: orphan.text, index: rootIndexOf(bound.doc, orphan.containers.at(-1)) }))
      .sort((a, b) => (b.index ?? Infinity) - (a.index ?? Infinity));
    const updates: Uint8Array[] = [];
    bound.doc.on('update', (update: Uint8Array) => updates.push(update));
    bound.editor.update(() => {
      // From the last place to the first, so the indexes of the others stay right.
      for (const { text, index } of placed) {
        const paragraph = $createParagraphNode().append($createTextNode(text));
        const next = index === undefined ? null : $getRoot().getChildAtIndex(index);
        if (next) next.insertBefore(paragraph);
        else $getRoot().append(paragraph);
      }
    }, { discrete: true });
    settle(bound.editor);
    return Y.mergeUpdates(updates);
  } finally {
    bound.dispose();
  }
}

/** Where a (deleted) block of the root stood: how many visible blocks come before it. */
function rootIndexOf(doc: Y.Doc, id: Y.ID | undefined): number | undefined {
  if (!id) return undefined;
  let index = 0;
  for (let item = doc.get(DOC_ROOT, Y.XmlText)._start; item !== null; item = item.right) {
    if (item.id.client === id.client && item.id.clock <= id.clock && id.clock < item.id.clock + item.length) return index;
    if (!item.deleted && item.countable) index += item.length;
  }
  return undefined;
}
