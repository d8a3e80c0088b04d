/**
 * Text edits that never cut a character in two.
 *
 * @lexical/yjs (0.52) turns a changed text node into one splice found by a
 * UTF-16 diff. Most emoji share their first code unit (😎 and 🐈 both start
 * with \ud83d), so typing 😎 before 🐈 yields "insert \ude0e\ud83d between
 * the halves of 🐈". Yjs then replaces the halves it has to split with U+FFFD
 * on the replica that splits, and lone surrogates cannot be encoded, so every
 * other replica ends up with different text. Each splice is widened to
 * whole grapheme clusters (whole code points at least), so every edit falls
 * on boundaries all replicas agree on and a 👩‍👩‍👧, 🇫🇷 or 👍🏽 is replaced
 * whole, then narrowed again by whole clusters both sides share, so typing
 * 😎 before 🐈 inserts 😎 rather than replacing 🐈 with 😎🐈 (which would
 * bring back a 🐈 someone deleted meanwhile).
 */

export interface Splice {
  /** Where the change starts, in UTF-16 units of the text before it. */
  readonly index: number;
  /** How many units of the old text it removes. */
  readonly remove: number;
  readonly insert: string;
}

/** Clusters longer than this (Zalgo text) fall back to code-point boundaries. */
const WINDOW = 64;

const segmenter: { segment(text: string): Iterable<{ index: number }> } | undefined =
  typeof Intl !== 'undefined' && 'Segmenter' in Intl ? new Intl.Segmenter(undefined, { granularity: 'grapheme' }) : undefined;

const isHighSurrogate = (unit: number): boolean => unit >= 0xd800 && unit <= 0xdbff;
const isLowSurrogate = (unit: number): boolean => unit >= 0xdc00 && unit <= 0xdfff;

/**
 * The splice on whole characters: starting and ending on cluster boundaries
 * of both the old and the new text, and touching no cluster it leaves as it was.
 */
export function wholeCharacterSplice(before: string, splice: Splice): Splice {
  return narrowByWholeCharacters(before, widenToWholeCharacters(before, splice));
}

/** The splice widened so that it starts and ends on character boundaries of both the old and the new text. */
export function widenToWholeCharacters(before: string, splice: Splice): Splice {
  const after = before.slice(0, splice.index) + splice.insert + before.slice(splice.index + splice.remove);
  let start = splice.index;
  let suffix = before.length - splice.index - splice.remove;
  for (;;) {
    const nextStart = Math.min(boundaryAtOrBefore(before, start), boundaryAtOrBefore(after, start));
    const nextSuffix = Math.min(
      before.length - boundaryAtOrAfter(before, before.length - suffix),
      after.length - boundaryAtOrAfter(after, after.length - suffix),
    );
    if (nextStart === start && nextSuffix === suffix) break;
    start = nextStart;
    suffix = nextSuffix;
  }
  return { index: start, remove: before.length - suffix - start, insert: after.slice(start, after.length - suffix) };
}

/** Drops whole clusters that the removed and the inserted text share at their start or their end. */
function narrowByWholeCharacters(before: string, splice: Splice): Splice {
  const after = before.slice(0, splice.index) + splice.insert + before.slice(splice.index + splice.remove);
  let start = splice.index;
  let endBefore = splice.index + splice.remove;
  let endAfter = splice.index + splice.insert.length;
  while (start < endBefore && start < endAfter) {
    const next = boundaryAtOrAfter(before, start + 1);
    if (next > endBefore || next !== boundaryAtOrAfter(after, start + 1) || next > endAfter || before.slice(start, next) !== after.slice(start, next)) break;
    start = next;
  }
  while (endBefore > start && endAfter > start) {
    const length = endBefore - boundaryAtOrBefore(before, endBefore - 1);
    if (length !== endAfter - boundaryAtOrBefore(after, endAfter - 1) || endBefore - length < start || endAfter - length < start) break;
    if (before.slice(endBefore - length, endBefore) !== after.slice(endAfter - length, endAfter)) break;
    endBefore -= length;
    endAfter -= length;
  }
  return { index: start, remove: endBefore - start, insert: after.slice(start, endAfter) };
}

function boundaryAtOrBefore(text: string, position: number): number {
  const from = windowStart(text, position);
  let best = from;
  for (const index of boundariesIn(text, from, position + WINDOW)) {
    if (index > position) break;
    best = index;
  }
  return best > from || from === 0 ? best : codePointBoundaryBefore(text, position);
}

function boundaryAtOrAfter(text: string, position: number): number {
  const from = windowStart(text, position);
  const to = Math.min(text.length, position + WINDOW);
  for (const index of boundariesIn(text, from, to)) {
    if (index >= position) return index;
  }
  return codePointBoundaryAfter(text, position);
}

/**
 * Where to start segmenting for boundaries near `position`: far enough back
 * for any ordinary cluster, on a code point, and not inside a run of flag
 * letters (regional indicators pair up counting from the start of the run).
 */
function windowStart(text: string, position: number): number {
  let from = codePointBoundaryBefore(text, Math.max(0, position - WINDOW));
  while (from >= 2 && isRegionalIndicator(text, from - 2)) from -= 2;
  return from;
}

function isRegionalIndicator(text: string, at: number): boolean {
  const low = text.charCodeAt(at + 1);
  return text.charCodeAt(at) === 0xd83c && low >= 0xdde6 && low <= 0xddff;
}

/** Cluster boundaries within text[from, to] (the text's end included), in order; code points when the platform has no segmenter. */
function* boundariesIn(text: string, from: number, to: number): Generator<number> {
  const end = Math.min(text.length, to);
  const window = text.slice(from, end);
  if (segmenter) {
    for (const { index } of segmenter.segment(window)) yield from + index;
  } else {
    for (let i = 0; i < window.length; i += 1) {
      if (!(i > 0 && isHighSurrogate(window.charCodeAt(i - 1)) && isLowSurrogate(window.charCodeAt(i)))) yield from + i;
    }
  }
  if (end === text.length) yield end;
}

function codePointBoundaryBefore(text: string, position: number): number {
  return position > 0 && isHighSurrogate(text.charCodeAt(position - 1)) && isLowSurrogate(text.charCodeAt(position)) ? position - 1 : position;
}

function codePointBoundaryAfter(text: string, position: number): number {
  return codePointBoundaryBefore(text, position) === position ? position : position + 1;
}

/** The part of @lexical/yjs's CollabTextNode this fix relies on. */
interface CollabTextLike {
  _text: string;
  spliceText(index: number, remove: number, insert: string): void;
}

const PATCHED = Symbol.for('chorus.wholeCharacterSplices');
let installed = false;

/**
 * Makes every text splice of @lexical/yjs whole-character. CollabTextNode is
 * not exported, so its prototype is taken from the first text node the
 * binding holds; call this before each syncLexicalUpdateToYjs (it costs
 * nothing once installed). A text node only splices after it was bound, so
 * no splice can happen before the patch.
 */
export function ensureWholeCharacterSplices(binding: { readonly collabNodeMap: Map<string, unknown> }): void {
  if (installed) return;
  for (const node of binding.collabNodeMap.values()) {
    if (!isCollabText(node)) {
      if (hasMethod(node, 'syncPropertiesAndTextFromLexical')) throw new Error(INCOMPATIBLE);
      continue;
    }
    patch(Object.getPrototypeOf(node) as CollabTextLike & { [PATCHED]?: true });
    installed = true;
    return;
  }
}

/** A text node of the binding that no longer has the shape this fix patches: fail loudly, never corrupt quietly. */
const INCOMPATIBLE = '@lexical/yjs text nodes no longer have _text and spliceText: update shared/editor/whole-characters.ts for this version';

function isCollabText(node: unknown): node is CollabTextLike {
  return typeof (node as CollabTextLike | undefined)?._text === 'string' && hasMethod(node, 'spliceText');
}

function hasMethod(node: unknown, name: string): boolean {
  return typeof node === 'object' && node !== null && typeof (node as Record<string, unknown>)[name] === 'function';
}

function patch(prototype: CollabTextLike & { [PATCHED]?: true }): void {
  if (prototype[PATCHED]) return;
  const original = prototype.spliceText;
  prototype.spliceText = function spliceWholeCharacters(this: CollabTextLike, index: number, remove: number, insert: string): void {
    // `_text` still holds the text before this change: the binding updates it after splicing.
    const whole = wholeCharacterSplice(this._text, { index, remove, insert });
    original.call(this, whole.index, whole.remove, whole.insert);
  };
  prototype[PATCHED] = true;
}
