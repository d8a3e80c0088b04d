import { describe, expect, it } from 'vitest';
import { ensureWholeCharacterSplices, wholeCharacterSplice, widenToWholeCharacters, type Splice } from '../../../shared/editor/whole-characters.js';

/** The splice @lexical/yjs makes: a UTF-16 diff, the way its simpleDiffWithCursor cuts it. */
function utf16Diff(before: string, after: string): Splice {
  let left = 0;
  while (left < before.length && left < after.length && before[left] === after[left]) left += 1;
  let right = 0;
  while (right + left < before.length && right + left < after.length && before[before.length - 1 - right] === after[after.length - 1 - right]) right += 1;
  return { index: left, remove: before.length - left - right, insert: after.slice(left, after.length - right) };
}

function apply(text: string, { index, remove, insert }: Splice): string {
  return text.slice(0, index) + insert + text.slice(index + remove);
}

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
const clusterStarts = (text: string): Set<number> => new Set([...[...segmenter.segment(text)].map((s) => s.index), text.length]);

/** The widened splice gives the same text, and starts and ends on cluster boundaries of the text before and after. */
function expectWhole(before: string, after: string): Splice {
  const widened = wholeCharacterSplice(before, utf16Diff(before, after));
  expect(apply(before, widened)).toBe(after);
  expect(clusterStarts(before).has(widened.index)).toBe(true);
  expect(clusterStarts(before).has(widened.index + widened.remove)).toBe(true);
  expect(clusterStarts(after).has(widened.index + widened.insert.length)).toBe(true);
  return widened;
}

describe('whole-character splices', () => {
  it('typing an emoji before one that shares its first unit replaces whole code points', () => {
    expect(utf16Diff('x🐈y', 'x😎🐈y')).toEqual({ index: 2, remove: 0, insert: '\ude0e\ud83d' }); // the cut the binding makes
    expect(widenToWholeCharacters('x🐈y', utf16Diff('x🐈y', 'x😎🐈y'))).toEqual({ index: 1, remove: 2, insert: '😎🐈' });
    // Narrowed again: an insert, which leaves 🐈 alone (someone may be deleting it meanwhile).
    expect(expectWhole('x🐈y', 'x😎🐈y')).toEqual({ index: 1, remove: 0, insert: '😎' });
  });

  it('replacing one emoji by another', () => {
    expect(expectWhole('x😎🐈y', 'x😎🐕y')).toEqual({ index: 3, remove: 2, insert: '🐕' });
  });

  it('keeps ZWJ sequences, flags and skin tones whole', () => {
    expect(expectWhole('a👩‍👩‍👧b', 'a👩‍👩‍👦b')).toEqual({ index: 1, remove: 8, insert: '👩‍👩‍👦' });
    expect(expectWhole('🇫🇷🇩🇪', '🇫🇷🇩🇰')).toEqual({ index: 4, remove: 4, insert: '🇩🇰' });
    expect(expectWhole('🇫🇷🇩🇪', '🇫🇷🇫🇷🇩🇪')).toEqual({ index: 4, remove: 0, insert: '🇫🇷' });
    expect(expectWhole('a👍b', 'a👍🏽b')).toEqual({ index: 1, remove: 2, insert: '👍🏽' });
    expect(expectWhole('👍🏽!', '👍🏿!')).toEqual({ index: 0, remove: 4, insert: '👍🏿' });
    expect(expectWhole('🇫🇷🇫🇷🇫🇷', '🇫🇷🇫🇷')).toEqual({ index: 8, remove: 4, insert: '' });
  });

  it('leaves edits between plain characters as they are', () => {
    expect(expectWhole('hello', 'help me')).toEqual(utf16Diff('hello', 'help me'));
    expect(expectWhole('', 'a')).toEqual({ index: 0, remove: 0, insert: 'a' });
    expect(expectWhole('a', '')).toEqual({ index: 0, remove: 1, insert: '' });
  });

  it('holds for random edits of emoji-rich text', () => {
    const pieces = ['a', ' ', 'é', 'e\u0301', '😀', '😎', '🐈', '👩‍👩‍👧', '🇫🇷', '🇩🇪', '👍🏽', '✍🏿', '中'];
    let seed = 42;
    const rnd = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const word = (n: number): string => Array.from({ length: n }, () => pieces[Math.floor(rnd() * pieces.length)]).join('');
    for (let i = 0; i < 2000; i += 1) {
      const before = word(Math.floor(rnd() * 8));
      const clusters = [...segmenter.segment(before)].map((s) => s.segment);
      const at = Math.floor(rnd() * (clusters.length + 1));
      const cut = Math.min(clusters.length, at + Math.floor(rnd() * 3));
      const after = [...clusters.slice(0, at), word(Math.floor(rnd() * 3)), ...clusters.slice(cut)].join('');
      expectWhole(before, after);
    }
  });

  it('falls back to code points inside a cluster longer than its window', () => {
    const zalgo = `a${'\u0301'.repeat(200)}`;
    const whole = wholeCharacterSplice(`${zalgo}😀`, utf16Diff(`${zalgo}😀`, `${zalgo}😎😀`));
    expect(apply(`${zalgo}😀`, whole)).toBe(`${zalgo}😎😀`);
    expect(whole.insert.startsWith('\ude0e')).toBe(false);
  });

  it('refuses to run quietly on a binding whose text nodes changed shape', () => {
    const renamed = { _content: 'x', syncPropertiesAndTextFromLexical: () => undefined, splice: () => undefined };
    expect(() => ensureWholeCharacterSplices({ collabNodeMap: new Map([['1', renamed]]) })).toThrow(/no longer have _text and spliceText/);
  });
});
