/** Whether parts of a Yjs document are visible in a snapshot of it (Yjs's own isVisible is not exported). */
import * as Y from 'yjs';

export function visibleIn(snapshot: Y.Snapshot, client: number, clock: number): boolean {
  return (snapshot.sv.get(client) ?? 0) > clock && !Y.isDeleted(snapshot.ds, Y.createID(client, clock));
}

export function itemVisibleIn(snapshot: Y.Snapshot, item: Y.Item): boolean {
  return visibleIn(snapshot, item.id.client, item.id.clock);
}

/** The snapshot of the state an update holds (the empty snapshot for none). */
export function snapshotOf(state: Uint8Array | undefined): Y.Snapshot {
  if (!state) return Y.emptySnapshot;
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  const snapshot = Y.snapshot(doc);
  doc.destroy();
  return snapshot;
}
