/**
 * A restore as a forward change: the Yjs update that makes a document show
 * exactly what an earlier state of it showed. It is computed against the
 * items themselves, not the text: what was added since is deleted, what was
 * deleted since is inserted again (as copies: a deleted item cannot come
 * back) where it stood, and attributes are set back. Everything the version
 * and the document still share is left alone, so an edit someone makes at
 * the same moment inside it merges as usual.
 */
import * as Y from 'yjs';
import { DOC_ROOT } from '../editor/doc-root.js';
import { containersDeletedBy, type Triple } from './triple.js';
import { copyValue } from './copy.js';
import { visibleIn } from './visible.js';

export interface RestoreChange {
  /** Apply it to the document (it is a no-op update when nothing differs). */
  readonly update: Uint8Array;
  /** The Yjs client the change was made as: a fresh one, so the change can be attributed. */
  readonly clientId: number;
  /** The containers (Yjs types) it deleted: edits made concurrently inside them are rescued. */
  readonly containers: Triple[];
}

/**
 * Where a restore made as a given Yjs client notes which version it restored
 * (a map beside the document's root, which nothing renders): so that the
 * change holds an item of that client even when it only deletes, and can be
 * recognised by it.
 */
export const RESTORE_MARK = 'chorus-restore';

/** Who makes a restore: the Yjs client no document has used yet that it is made as, and the version. */
export interface RestoreAs {
  readonly clientId: number;
  readonly versionId: string;
}

/**
 * The change that takes `current` back to `target`, an encoded state of the
 * same document: made `as` a given client, marked as such (see
 * RESTORE_MARK), or else as a fresh random one.
 */
export function restoreChange(current: Y.Doc, target: Uint8Array, as?: RestoreAs): RestoreChange {
  const work = new Y.Doc({ gc: false });
  if (as) work.clientID = as.clientId;
  Y.applyUpdate(work, Y.encodeStateAsUpdate(current));
  const goal = new Y.Doc();
  Y.applyUpdate(goal, target);
  const updates: Uint8Array[] = [];
  const containers: Triple[] = [];
  work.on('update', (update: Uint8Array) => updates.push(update));
  const restoring = Symbol('restore');
  work.on('afterTransaction', (tr: Y.Transaction) => {
    if (tr.origin === restoring) containers.push(...containersDeletedBy(tr));
  });
  // Whatever of the version this node lacks (another node's edits) is history too: it comes first.
  Y.applyUpdate(work, target);
  const wanted = Y.snapshot(goal);
  work.transact(() => {
    reconcileType(work.get(DOC_ROOT, Y.XmlText), goal.get(DOC_ROOT, Y.XmlText), goal, wanted);
    if (as) work.getMap(RESTORE_MARK).set('from', as.versionId);
  }, restoring);
  const result = { update: updates.length === 0 ? EMPTY_UPDATE : Y.mergeUpdates(updates), clientId: work.clientID, containers };
  work.destroy();
  goal.destroy();
  return result;
}

type Type = Y.AbstractType<any>;

/** An update with no items and no deletions. */
const EMPTY_UPDATE = new Uint8Array([0, 0]);

function reconcileType(current: Type, goal: Type, goalDoc: Y.Doc, wanted: Y.Snapshot): void {
  reconcileEntries(current, goal, goalDoc, wanted);
  reconcileList(current, goalDoc, wanted);
}

/** Map entries and attributes: set back to the version's values, or removed when the version had none. */
function reconcileEntries(current: Type, goal: Type, goalDoc: Y.Doc, wanted: Y.Snapshot): void {
  const keys = new Set([...current._map.keys(), ...goal._map.keys()]);
  for (const key of keys) {
    const now = live(current._map.get(key));
    const then = live(goal._map.get(key));
    if (!then) {
      if (now) removeEntry(current, key);
    } else if (now && Y.compareIDs(now.id, then.id)) {
      if (now.content instanceof Y.ContentType) reconcileType(now.content.type, typeAt(goalDoc, then.id), goalDoc, wanted);
    } else if (!now || !sameValue(valueOf(now), valueOf(then))) {
      setEntry(current, key, copyValue(valueOf(then)));
    }
  }
}

type Op = { kind: 'delete'; index: number; length: number } | { kind: 'insert'; index: number; values: unknown[] };

/**
 * The list part (text, embeds, children), unit by unit in document order:
 * the document's items still include everything the version had, deleted
 * or not, at their places. Changes are planned first and applied from the
 * end, so the planned indexes stay right.
 */
function reconcileList(current: Type, goalDoc: Y.Doc, wanted: Y.Snapshot): void {
  const ops: Op[] = [];
  let index = 0;
  for (let item = current._start; item !== null; item = item.right) {
    // Deleted items lose their kind once encoded (ContentDeleted): whether they held content is read from the version.
    if (!item.deleted && !item.countable) continue;
    for (let offset = 0; offset < item.length; offset += 1) {
      const inVersion = visibleIn(wanted, item.id.client, item.id.clock + offset);
      if (!item.deleted && inVersion) {
        if (item.content instanceof Y.ContentType) reconcileType(item.content.type, typeAt(goalDoc, item.id), goalDoc, wanted);
        index += 1;
      } else if (!item.deleted) {
        addOp(ops, { kind: 'delete', index, length: 1 });
        index += 1;
      } else if (inVersion) {
        const unit = unitAt(goalDoc, Y.createID(item.id.client, item.id.clock + offset));
        if (unit !== NOT_CONTENT) addOp(ops, { kind: 'insert', index, values: [unit] });
      }
    }
  }
  for (const op of ops.reverse()) apply(current, op);
}

/** Joins a unit's op to the previous one when they are one run. */
function addOp(ops: Op[], op: Op): void {
  const last = ops.at(-1);
  if (last?.kind === 'delete' && op.kind === 'delete' && last.index + last.length === op.index) last.length += 1;
  else if (last?.kind === 'insert' && op.kind === 'insert' && last.index === op.index) last.values.push(...op.values);
  else ops.push(op);
}

function apply(type: Type, op: Op): void {
  if (op.kind === 'delete') return void (type as unknown as { delete(index: number, length: number): void }).delete(op.index, op.length);
  if (!(type instanceof Y.Text)) return void (type as unknown as { insert(index: number, values: unknown[]): void }).insert(op.index, op.values.map(copyValue));
  let index = op.index;
  let text = '';
  const flush = (): void => {
    if (text) (type as Y.Text).insert(index, text, {});
    index += text.length;
    text = '';
  };
  for (const value of op.values) {
    if (typeof value === 'string') {
      text += value;
      continue;
    }
    flush();
    type.insertEmbed(index, copyValue(value) as object, {});
    index += 1;
  }
  flush();
}

const NOT_CONTENT = Symbol('not content');

/** One unit of the version's content: a character, an embed, a type or a value (not a formatting mark). */
function unitAt(doc: Y.Doc, id: Y.ID): unknown {
  const item = Y.getItem(doc.store, id);
  if (!item.countable) return NOT_CONTENT;
  const offset = id.clock - item.id.clock;
  if (item.content instanceof Y.ContentString) return item.content.str[offset];
  return item.content.getContent()[offset];
}

function typeAt(doc: Y.Doc, id: Y.ID): Type {
  return (Y.getItem(doc.store, id).content as Y.ContentType).type as Type;
}

function live(item: Y.Item | undefined): Y.Item | undefined {
  return item && !item.deleted ? item : undefined;
}

function valueOf(item: Y.Item): unknown {
  return item.content.getContent()[item.length - 1];
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a instanceof Y.AbstractType || b instanceof Y.AbstractType) return false;
  return JSON.stringify(a) === JSON.stringify(b);
}

function setEntry(type: Type, key: string, value: unknown): void {
  if (type instanceof Y.Map) type.set(key, value);
  else (type as unknown as { setAttribute(key: string, value: unknown): void }).setAttribute(key, value);
}

function removeEntry(type: Type, key: string): void {
  if (type instanceof Y.Map) type.delete(key);
  else (type as unknown as { removeAttribute(key: string): void }).removeAttribute(key);
}
