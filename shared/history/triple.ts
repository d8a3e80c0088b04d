/** Runs of Yjs ids, and the containers a transaction deleted (what a restore's rescue watches). */
import * as Y from 'yjs';

/** A run of Yjs ids: [client, first clock, length]. */
export type Triple = readonly [client: number, clock: number, len: number];

/** The containers (Yjs types) a transaction deleted, one id each; call it from afterTransaction, before they are collected. */
export function containersDeletedBy(tr: Y.Transaction): Triple[] {
  const containers: Triple[] = [];
  Y.iterateDeletedStructs(tr, tr.deleteSet, (struct) => {
    if (struct instanceof Y.Item && struct.content instanceof Y.ContentType) containers.push([struct.id.client, struct.id.clock, 1]);
  });
  return containers;
}
