/**
 * Deep copies of Yjs values as new, not yet integrated types: what a restore
 * inserts where content of the version was deleted since (a deleted item
 * cannot come back; a copy of it can). Attributes, text, embeds and children
 * are copied as the source shows them now.
 */
import * as Y from 'yjs';

export function copyValue(value: unknown): unknown {
  return value instanceof Y.AbstractType ? copyType(value) : value;
}

export function copyType(source: Y.AbstractType<any>): Y.AbstractType<any> {
  if (source instanceof Y.XmlText) return copyText(source, new Y.XmlText());
  if (source instanceof Y.Text) return copyText(source, new Y.Text());
  if (source instanceof Y.XmlElement) {
    const copy = new Y.XmlElement(source.nodeName);
    for (const [key, value] of Object.entries(source.getAttributes())) copy.setAttribute(key, copyValue(value) as string);
    copy.insert(0, source.toArray().map((child) => copyType(child) as Y.XmlElement));
    return copy as Y.AbstractType<any>;
  }
  if (source instanceof Y.XmlFragment) {
    const copy = new Y.XmlFragment();
    copy.insert(0, source.toArray().map((child) => copyType(child) as Y.XmlElement));
    return copy as Y.AbstractType<any>;
  }
  if (source instanceof Y.XmlHook) return copyEntries(source, new Y.XmlHook(source.hookName));
  if (source instanceof Y.Map) return copyEntries(source, new Y.Map());
  if (source instanceof Y.Array) {
    const copy = new Y.Array<unknown>();
    copy.insert(0, source.toArray().map(copyValue));
    return copy as Y.AbstractType<any>;
  }
  throw new Error(`Cannot copy a Yjs type of kind ${source.constructor.name}`);
}

function copyText(source: Y.Text, copy: Y.Text): Y.AbstractType<any> {
  for (const [key, value] of Object.entries(source.getAttributes())) copy.setAttribute(key, copyValue(value));
  let index = 0;
  for (const op of source.toDelta() as Array<{ insert: unknown; attributes?: Record<string, unknown> }>) {
    if (typeof op.insert === 'string') {
      copy.insert(index, op.insert, op.attributes ?? {});
      index += op.insert.length;
    } else {
      copy.insertEmbed(index, copyValue(op.insert) as object, op.attributes ?? {});
      index += 1;
    }
  }
  return copy as Y.AbstractType<any>;
}

function copyEntries(source: Y.Map<unknown>, copy: Y.Map<unknown>): Y.AbstractType<any> {
  for (const [key, value] of source.entries()) copy.set(key, copyValue(value));
  return copy as Y.AbstractType<any>;
}
