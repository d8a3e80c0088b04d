/**
 * Emoji through the real @lexical/yjs binding (the version we pin), as the
 * browser and the server's headless editor run it: the typist, the other
 * person and a fresh load must all read the same text.
 */
import { $createParagraphNode, $createRangeSelection, $createTextNode, $getRoot, $isTextNode, $setSelection, type LexicalEditor } from 'lexical';
import * as Y from 'yjs';
import { afterEach, describe, expect, it } from 'vitest';
import { bindHeadless, settle, type BoundEditor } from '../../../server/collab/lexical/headless.js';

const bound: BoundEditor[] = [];
afterEach(() => {
  held = undefined;
  bound.splice(0).forEach((b) => b.dispose());
});

function bind(state?: Uint8Array): BoundEditor {
  const editor = bindHeadless(state);
  bound.push(editor);
  return editor;
}

/** While held, updates between the two people wait, as when both type at the same moment. */
let held: Array<() => void> | undefined;

function deliver(): void {
  const waiting = held ?? [];
  held = undefined;
  waiting.forEach((send) => send());
}

/** Two editors whose documents exchange every update, as two browsers on one document do. */
function twoPeople(initial: string): [BoundEditor, BoundEditor] {
  const typist = bind();
  const other = bind();
  const link = (from: BoundEditor, to: BoundEditor): void => {
    from.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === 'net') return;
      const send = (): void => Y.applyUpdate(to.doc, update, 'net');
      if (held) held.push(send);
      else send();
    });
  };
  link(typist, other);
  link(other, typist);
  typist.editor.update(() => {
    $getRoot().clear().append($createParagraphNode().append($createTextNode(initial)));
  }, { discrete: true });
  settle(other.editor);
  return [typist, other];
}

const text = (editor: LexicalEditor): string => editor.getEditorState().read(() => $getRoot().getTextContent());

/** Selects [from, to) of the first paragraph's text and types `insert` over it, as a keystroke or a paste does. */
function typeOver(editor: LexicalEditor, from: number, to: number, insert: string): void {
  editor.update(() => {
    const node = $getRoot().getFirstChildOrThrow<import('lexical').ElementNode>().getFirstChild();
    if (!$isTextNode(node)) throw new Error('expected a text node');
    const selection = $createRangeSelection();
    selection.anchor.set(node.getKey(), from, 'text');
    selection.focus.set(node.getKey(), to, 'text');
    $setSelection(selection);
    if (insert) selection.insertText(insert);
    else selection.removeText();
  }, { discrete: true });
}

/** The characters Yjs holds (paragraphs are XmlTexts embedded in the root; text-node properties are maps). */
function yjsText(type: Y.XmlText): string {
  return type.toDelta().map((op: { insert: unknown }) => (typeof op.insert === 'string' ? op.insert : op.insert instanceof Y.XmlText ? yjsText(op.insert) : '')).join('');
}

function expectEverybodyReads(expected: string, typist: BoundEditor, other: BoundEditor): void {
  settle(typist.editor);
  settle(other.editor);
  const reloaded = bind(Y.encodeStateAsUpdate(other.doc));
  const fresh = bind(Y.encodeStateAsUpdate(typist.doc));
  for (const editor of [typist, other, reloaded, fresh]) {
    expect(text(editor.editor)).toBe(expected);
    expect(yjsText(editor.doc.get('root', Y.XmlText))).toBe(expected);
  }
}

describe('emoji through the Lexical binding', () => {
  it('typing an emoji before another and replacing it', () => {
    const [typist, other] = twoPeople('x🐈y');
    typeOver(typist.editor, 1, 1, '😎');
    expectEverybodyReads('x😎🐈y', typist, other);
    typeOver(typist.editor, 3, 5, '🐕');
    expectEverybodyReads('x😎🐕y', typist, other);
    typeOver(typist.editor, 1, 3, '');
    expectEverybodyReads('x🐕y', typist, other);
  });

  it('typing an emoji before one the other person deletes at the same time does not bring it back', () => {
    const [typist, other] = twoPeople('x🐈y');
    held = [];
    typeOver(typist.editor, 1, 1, '😎');
    typeOver(other.editor, 1, 3, '');
    deliver();
    expectEverybodyReads('x😎y', typist, other);
  });

  it('replacing an emoji the other person deletes at the same time', () => {
    const [typist, other] = twoPeople('x😎🐈y');
    held = [];
    typeOver(typist.editor, 3, 5, '🐕');
    typeOver(other.editor, 3, 5, '');
    deliver();
    expectEverybodyReads('x😎🐕y', typist, other);
  });

  it.each([
    ['ZWJ sequences', '👩‍👩‍👧', '👩‍👩‍👦', '👨‍👩‍👧'],
    ['flags', '🇫🇷', '🇩🇪', '🇫🇮'],
    ['skin tones', '👍🏽', '👍🏿', '👍'],
  ])('%s next to each other, typed, replaced and deleted by both people', (_kind, first, second, third) => {
    const [typist, other] = twoPeople(`a${first}b`);
    typeOver(typist.editor, 1, 1, second);
    expectEverybodyReads(`a${second}${first}b`, typist, other);
    typeOver(other.editor, 1 + second.length, 1 + second.length + first.length, third);
    expectEverybodyReads(`a${second}${third}b`, typist, other);
    typeOver(typist.editor, 1, 1 + second.length, '');
    expectEverybodyReads(`a${third}b`, typist, other);
    typeOver(other.editor, 1, 1 + third.length, first);
    expectEverybodyReads(`a${first}b`, typist, other);
  });
});
