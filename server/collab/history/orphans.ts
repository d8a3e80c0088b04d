/**
 * Text someone typed into a block that, at the same moment, was deleted:
 * Yjs deletes it on arrival (its container is gone) and the document never
 * shows it. Found here, while the transaction that brought it is still
 * intact (before garbage collection removes it), so that edits made
 * concurrently with a restore can be rescued (rescue.ts).
 *
 * That needs the deleted block itself to stay an item: once collected,
 * text arriving for it is dropped on integration, content and all. So a
 * room's document never collects deleted element containers (XmlText,
 * XmlElement); their text and attributes are still collected, so what stays
 * is the empty shell (measured in docs/benchmarks.md).
 */
import * as Y from 'yjs';

/** Y.Doc's gcFilter for rooms: everything but element containers may be collected. */
export function collectAllButContainers(item: Y.Item): boolean {
  if (!(item.content instanceof Y.ContentType)) return true;
  const type = item.content.type;
  return !(type instanceof Y.XmlText || type instanceof Y.XmlElement);
}

export interface Orphan {
  readonly text: string;
  /** The deleted containers around it, nearest first, up to the one in the document's root. */
  readonly containers: readonly Y.ID[];
}

/** Orphaned text among the items a transaction brought; `ownDeletes`: what the update itself deleted (not orphaned, just deleted). */
export function findOrphans(tr: Y.Transaction, ownDeletes: ReturnType<typeof Y.createDeleteSet> | undefined): Orphan[] {
  const byContainer = new Map<string, { text: string; containers: Y.ID[] }>();
  for (const [client, after] of tr.afterState) {
    const before = tr.beforeState.get(client) ?? 0;
    if (after <= before) continue;
    const structs = tr.doc.store.clients.get(client) ?? [];
    for (let i = Y.findIndexSS(structs, before); i < structs.length; i += 1) {
      const item = structs[i];
      if (!(item instanceof Y.Item) || !isOrphanedText(item, ownDeletes)) continue;
      const containers = containersOf(item);
      const key = `${containers[0]!.client}:${containers[0]!.clock}`;
      const entry = byContainer.get(key) ?? { text: '', containers };
      entry.text += (item.content as Y.ContentString).str;
      byContainer.set(key, entry);
    }
  }
  return [...byContainer.values()];
}

function isOrphanedText(item: Y.Item, ownDeletes: ReturnType<typeof Y.createDeleteSet> | undefined): boolean {
  if (!item.deleted || !(item.content instanceof Y.ContentString)) return false;
  const container = (item.parent as Y.AbstractType<any> | null)?._item;
  if (!container?.deleted) return false;
  // Deleted by the same update that brought it (typed, then deleted, offline): not orphaned.
  return !(ownDeletes && (Y.isDeleted(ownDeletes, item.id) || Y.isDeleted(ownDeletes, container.id)));
}

function containersOf(item: Y.Item): Y.ID[] {
  const ids: Y.ID[] = [];
  for (let type = item.parent as Y.AbstractType<any> | null; type?._item; type = type._item.parent as Y.AbstractType<any> | null) {
    ids.push(type._item.id);
  }
  return ids;
}
