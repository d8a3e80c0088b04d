/** Restores computed on real Lexical documents (the headless editor the server uses), checked by what Lexical renders. */
import { $createHeadingNode, $createQuoteNode } from '@lexical/rich-text';
import { $createListItemNode, $createListNode } from '@lexical/list';
import { $createParagraphNode, $createTextNode, $getRoot, type ElementNode, type TextNode } from 'lexical';
import * as Y from 'yjs';
import { afterEach, describe, expect, it } from 'vitest';
import { restoreChange } from '../../../shared/history/restore.js';
import { exportDocument, seedDocument } from '../../../server/collab/lexical/convert.js';
import { bindHeadless, settle, type BoundEditor } from '../../../server/collab/lexical/headless.js';

const open: BoundEditor[] = [];
afterEach(() => open.splice(0).forEach((bound) => bound.dispose()));

function editorOn(state: Uint8Array): BoundEditor {
  const bound = bindHeadless(state);
  open.push(bound);
  return bound;
}

function edit(bound: BoundEditor, change: () => void): void {
  bound.editor.update(change, { discrete: true });
  settle(bound.editor);
}

const json = (doc: Y.Doc): unknown => exportDocument(Y.encodeStateAsUpdate(doc), 'json');
const text = (doc: Y.Doc): string => exportDocument(Y.encodeStateAsUpdate(doc), 'text') as string;
const paragraph = (content: string, bold = false): ElementNode => {
  const node = $createTextNode(content);
  if (bold) node.toggleFormat('bold');
  return $createParagraphNode().append(node);
};
const block = (index: number): ElementNode => $getRoot().getChildAtIndex<ElementNode>(index)!;

/** Two replicas of a document with some history, and the version taken half-way. */
function documentWithHistory(): { ana: BoundEditor; version: Uint8Array } {
  const ana = editorOn(seedDocument('Intro line\nSecond line'));
  edit(ana, () => {
    $getRoot().append($createHeadingNode('h2').append($createTextNode('Plan')), paragraph('Bold words', true));
    $getRoot().append($createListNode('bullet').append($createListItemNode().append($createTextNode('one')), $createListItemNode().append($createTextNode('two'))));
  });
  const version = Y.encodeStateAsUpdate(ana.doc);
  edit(ana, () => {
    block(0).getFirstChild<TextNode>()!.setTextContent('Intro line, rewritten');
    block(1).remove();
    block(1).replace($createQuoteNode().append($createTextNode('Plan')), true);
    (block(2).getFirstChild<TextNode>()!).toggleFormat('bold');
    $getRoot().append(paragraph('Added later'));
    block(3).getFirstChild<ElementNode>()!.remove();
  });
  return { ana, version };
}

describe('restoring a version', () => {
  it('makes the document show exactly what the version showed: text, formats, block types, lists and deleted blocks', () => {
    const { ana, version } = documentWithHistory();
    const expected = exportDocument(version, 'json');
    expect(json(ana.doc)).not.toEqual(expected);
    const change = restoreChange(ana.doc, version);
    Y.applyUpdate(ana.doc, change.update);
    expect(json(ana.doc)).toEqual(expected);
    expect(text(ana.doc)).toBe('Intro line\n\nSecond line\n\nPlan\n\nBold words\n\none\n\ntwo');
    // A deleted block came back as a copy and the added one went: the change deleted containers.
    expect(change.containers.length).toBeGreaterThan(0);
  });

  it('is a change others merge: a replica that restores and one that edits meanwhile converge, keeping the concurrent edit', () => {
    const { ana, version } = documentWithHistory();
    const bo = editorOn(Y.encodeStateAsUpdate(ana.doc));
    const change = restoreChange(ana.doc, version);
    // Bo types into the first block, which the version has too, before the restore reaches him.
    edit(bo, () => block(0).getFirstChild<TextNode>()!.setTextContent('Intro line, rewritten!!'));
    Y.applyUpdate(ana.doc, change.update);
    Y.applyUpdate(ana.doc, Y.encodeStateAsUpdate(bo.doc, Y.encodeStateVector(ana.doc)));
    Y.applyUpdate(bo.doc, Y.encodeStateAsUpdate(ana.doc, Y.encodeStateVector(bo.doc)));
    expect(text(ana.doc)).toBe(text(bo.doc));
    expect(text(ana.doc).split('\n')[0]).toBe('Intro line!!');
  });

  it('changes nothing when the document already shows the version', () => {
    const ana = editorOn(seedDocument('Same'));
    const before = Y.encodeStateVector(ana.doc);
    const change = restoreChange(ana.doc, Y.encodeStateAsUpdate(ana.doc));
    Y.applyUpdate(ana.doc, change.update);
    expect(Y.encodeStateVector(ana.doc)).toEqual(before);
    expect(change.containers).toEqual([]);
  });

  it('restores an empty document to its first version, and back again later', () => {
    const ana = editorOn(seedDocument(''));
    const empty = Y.encodeStateAsUpdate(ana.doc);
    edit(ana, () => block(0).append($createTextNode('Some text')));
    const full = Y.encodeStateAsUpdate(ana.doc);
    Y.applyUpdate(ana.doc, restoreChange(ana.doc, empty).update);
    expect(text(ana.doc)).toBe('');
    Y.applyUpdate(ana.doc, restoreChange(ana.doc, full).update);
    expect(json(ana.doc)).toEqual(exportDocument(full, 'json'));
  });
});
