/**
 * A document store that tells when a document came into being and when its
 * updates were written, whoever wrote them (the Documents API, a first open,
 * a room's flusher), and when a version was kept: for the document webhooks.
 */
import type { DocKey, DocumentStore, NewVersion } from './store.js';

export interface StoreEvents {
  /** The document did not exist and now does. */
  created(key: DocKey): void;
  /** Updates of the document were appended to the store. */
  stored(key: DocKey): void;
  /** A version of the document was kept (taken automatically, named by someone, or made by a restore). */
  versionAdded(key: DocKey, version: Pick<NewVersion, 'id' | 'kind' | 'name' | 'createdAt' | 'authors'>): void;
}

export function withStoreEvents(store: DocumentStore, events: StoreEvents): DocumentStore {
  // Every other call reaches `store` through the prototype, untouched, whatever the interface grows.
  const observed: DocumentStore = Object.create(store);
  observed.create = async (key, initial, title, owner) => {
    const created = await store.create(key, initial, title, owner);
    if (created) events.created(key);
    return created;
  };
  observed.append = async (key, update) => {
    await store.append(key, update);
    events.stored(key);
  };
  observed.addVersion = async (key, version) => {
    await store.addVersion(key, version);
    events.versionAdded(key, version);
  };
  return observed;
}
