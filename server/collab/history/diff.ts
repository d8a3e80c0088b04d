/**
 * What changed between two states of a document, as a tree of its blocks
 * and text with additions and removals marked and attributed.
 *
 * Both states go into one document that keeps deleted content (gc off): the
 * older first, so what the newer one deleted still has its text. Yjs then
 * renders the text of each element between the two snapshots
 * (XmlText.toDelta with a snapshot and a previous one), and who added or
 * removed each piece comes from the versions' recorded changes.
 * (@lexical/yjs's renderSnapshot does the same for its v2 layout only; Chorus
 * documents use the v1 layout, XmlText per element with maps for text nodes.)
 */
import * as Y from 'yjs';
import type { Change, DiffElement, DiffNode } from '../../../shared/history/diff-tree.js';
import { DOC_ROOT } from '../../../shared/editor/doc-root.js';
import type { Attribution } from './changes.js';
import { itemVisibleIn, snapshotOf } from '../../../shared/history/visible.js';

interface Frame {
  readonly before: Y.Snapshot;
  readonly after: Y.Snapshot;
  readonly who: Attribution;
}

/** The changes from `base` (undefined: an empty document) to `target`, a later state of the same document. */
export function diffStates(base: Uint8Array | undefined, target: Uint8Array, who: Attribution): DiffElement {
  const merged = new Y.Doc({ gc: false });
  if (base) Y.applyUpdate(merged, base);
  Y.applyUpdate(merged, target);
  const frame: Frame = { before: snapshotOf(base), after: snapshotOf(target), who };
  try {
    // One transaction for the whole walk: Yjs splits the items the snapshots cut once per transaction, not once per block.
    return merged.transact(() => element(merged.get(DOC_ROOT, Y.XmlText), frame, undefined));
  } finally {
    merged.destroy();
  }
}

function element(type: Y.XmlText, frame: Frame, change: Change | undefined): DiffElement {
  const attributes = attributesOf(type, frame);
  const children: DiffNode[] = [];
  let format = 0;
  const computeYChange = (kind: 'added' | 'removed', id: Y.ID): Change => changeFor(kind, id, frame);
  const ops = type.toDelta(frame.after, frame.before, computeYChange) as Array<{ insert: unknown; attributes?: { ychange?: Change } }>;
  for (const op of ops) {
    if (typeof op.insert === 'string') {
      pushText(children, op.insert, format, op.attributes?.ychange);
    } else if (op.insert instanceof Y.XmlText) {
      children.push(element(op.insert, frame, changeOf(op.insert, frame)));
    } else if (op.insert instanceof Y.Map) {
      const props = attributesOf(op.insert, frame);
      if (props.__type === 'linebreak') children.push(withChange({ kind: 'linebreak' }, changeOf(op.insert, frame)));
      format = typeof props.__format === 'number' ? props.__format : 0;
    } else if (op.insert instanceof Y.XmlElement) {
      const type = attributesOf(op.insert, frame).__type;
      children.push(withChange({ kind: 'other', type: typeof type === 'string' ? type : 'unknown' }, changeOf(op.insert, frame)));
    }
  }
  const node: DiffElement = {
    kind: 'element',
    type: typeof attributes.__type === 'string' ? attributes.__type : 'root',
    ...(typeof attributes.__tag === 'string' ? { tag: attributes.__tag } : {}),
    ...(typeof attributes.__listType === 'string' ? { listType: attributes.__listType } : {}),
    children,
  };
  return withChange(node, change);
}

/** Appends text, joining it to the previous run when format and change are the same. */
function pushText(children: DiffNode[], text: string, format: number, change: Change | undefined): void {
  const last = children.at(-1);
  if (last?.kind === 'text' && last.format === format && sameChange(last.change, change)) {
    children[children.length - 1] = withChange({ kind: 'text', text: last.text + text, format }, change);
  } else {
    children.push(withChange({ kind: 'text', text, format }, change));
  }
}

/** An embedded type's own change: added when only the newer state shows it, removed when only the older does. */
function changeOf(type: Y.AbstractType<any>, frame: Frame): Change | undefined {
  const item = type._item;
  if (!item) return undefined;
  const before = itemVisibleIn(frame.before, item);
  const after = itemVisibleIn(frame.after, item);
  if (before === after) return undefined;
  return changeFor(after ? 'added' : 'removed', item.id, frame);
}

function changeFor(kind: 'added' | 'removed', id: Y.ID, frame: Frame): Change {
  const user = kind === 'added' ? frame.who.added(id) : frame.who.removed(id);
  return user === undefined ? { type: kind } : { type: kind, user };
}

/** Attributes as the newer state has them, or as the older one had them for something removed. */
function attributesOf(type: Y.AbstractType<any>, frame: Frame): Record<string, unknown> {
  const item = type._item;
  const snapshot = item && !itemVisibleIn(frame.after, item) ? frame.before : frame.after;
  return Y.typeMapGetAllSnapshot(type, snapshot) as Record<string, unknown>;
}

function withChange<T extends DiffNode>(node: T, change: Change | undefined): T {
  return change ? { ...node, change } : node;
}

function sameChange(a: Change | undefined, b: Change | undefined): boolean {
  return a?.type === b?.type && a?.user === b?.user;
}
