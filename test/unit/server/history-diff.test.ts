/** Diffs between two states of a real Lexical document, attributed to who made each change. */
import { $createHeadingNode } from '@lexical/rich-text';
import { $createParagraphNode, $createTextNode, $getRoot, type ElementNode, type TextNode } from 'lexical';
import * as Y from 'yjs';
import { afterEach, describe, expect, it } from 'vitest';
import type { DiffNode } from '../../../shared/history/diff-tree.js';
import { Attribution, ChangeRecorder, NO_CHANGES } from '../../../server/collab/history/changes.js';
import { diffStates } from '../../../server/collab/history/diff.js';
import { seedDocument } from '../../../server/collab/lexical/convert.js';
import { bindHeadless, settle, type BoundEditor } from '../../../server/collab/lexical/headless.js';

const open: BoundEditor[] = [];
afterEach(() => open.splice(0).forEach((bound) => bound.dispose()));

/** Text runs of a diff tree as `[change, user, text]`, in document order. */
function runs(node: DiffNode, inherited?: string): Array<[string, string | undefined, string]> {
  if (node.kind === 'text') return [[node.change?.type ?? inherited ?? 'same', node.change?.user, node.text]];
  if (node.kind !== 'element') return [];
  return node.children.flatMap((child) => runs(child, node.change?.type ?? inherited));
}

/** Two people editing one document; each edit is recorded under its author, as a room records members' updates. */
function twoPeople(): { ana: BoundEditor; bo: BoundEditor; recorder: ChangeRecorder } {
  const ana = bindHeadless(seedDocument('Keep this\nDrop this paragraph\nEdit me here'));
  const bo = bindHeadless(Y.encodeStateAsUpdate(ana.doc));
  open.push(ana, bo);
  const recorder = new ChangeRecorder();
  for (const [who, bound] of [['ana', ana], ['bo', bo]] as const) {
    bound.doc.on('afterTransaction', (tr: Y.Transaction) => void (tr.local && recorder.record(who, tr)));
  }
  return { ana, bo, recorder };
}

function edit(bound: BoundEditor, change: () => void): void {
  bound.editor.update(change, { discrete: true });
  settle(bound.editor);
}

function exchange(a: Y.Doc, b: Y.Doc): void {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
}

const block = (index: number): ElementNode => $getRoot().getChildAtIndex<ElementNode>(index)!;

describe('diffs between versions', () => {
  it('marks added and removed text and blocks, each with the user who made the change', () => {
    const { ana, bo, recorder } = twoPeople();
    const before = Y.encodeStateAsUpdate(ana.doc);
    edit(ana, () => block(1).remove());
    edit(bo, () => block(2).getFirstChild<TextNode>()!.setTextContent('Edit me now'));
    edit(bo, () => $getRoot().append($createHeadingNode('h2').append($createTextNode('New heading'))));
    exchange(ana.doc, bo.doc);
    const diff = diffStates(before, Y.encodeStateAsUpdate(ana.doc), new Attribution(recorder.current()));

    expect(diff.children.map((child) => [child.kind === 'element' ? child.type : child.kind, child.change?.type])).toEqual([
      ['paragraph', undefined], ['paragraph', 'removed'], ['paragraph', undefined], ['heading', 'added'],
    ]);
    expect(diff.children[1]!.change).toEqual({ type: 'removed', user: 'ana' });
    expect(diff.children[3]).toMatchObject({ tag: 'h2', change: { type: 'added', user: 'bo' } });
    expect(runs(diff)).toEqual([
      ['same', undefined, 'Keep this'],
      ['removed', 'ana', 'Drop this paragraph'],
      ['same', undefined, 'Edit me '],
      ['removed', 'bo', 'here'],
      ['added', 'bo', 'now'],
      ['added', 'bo', 'New heading'],
    ]);
  });

  it('shows everything as added against an empty document, without an author when none is known', () => {
    const { ana } = twoPeople();
    const diff = diffStates(undefined, Y.encodeStateAsUpdate(ana.doc), new Attribution(NO_CHANGES));
    expect(runs(diff).map(([change, user, text]) => [change, user, text])).toEqual([
      ['added', undefined, 'Keep this'], ['added', undefined, 'Drop this paragraph'], ['added', undefined, 'Edit me here'],
    ]);
  });

  it('keeps formats apart and reports none between identical states', () => {
    const ana = bindHeadless(seedDocument('plain'));
    open.push(ana);
    edit(ana, () => block(0).append($createTextNode(' bold').toggleFormat('bold')));
    edit(ana, () => $getRoot().append($createParagraphNode()));
    const state = Y.encodeStateAsUpdate(ana.doc);
    const diff = diffStates(state, state, new Attribution(NO_CHANGES));
    expect(diff.children[0]).toEqual({
      kind: 'element', type: 'paragraph',
      children: [{ kind: 'text', text: 'plain', format: 0 }, { kind: 'text', text: ' bold', format: 1 }],
    });
    expect(JSON.stringify(diff)).not.toContain('"change"');
  });
});
