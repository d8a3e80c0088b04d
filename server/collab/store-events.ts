/**
 * A document store that tells when a document came into being and when its
 * updates were written, whoever wrote them (the Documents API, a first open,
 * a room's flusher): for the document webhooks.
 */
import type { DocKey, DocumentStore } from './store.js';

export interface StoreEvents {
  /** The document did not exist and now does. */
  created(key: DocKey): void;
  /** Updates of the document were appended to the store. */
  stored(key: DocKey): void;
}

export function withStoreEvents(store: DocumentStore, events: StoreEvents): DocumentStore {
  return {
    load: (key) => store.load(key),
    create: async (key, initial, title) => {
      const created = await store.create(key, initial, title);
      if (created) events.created(key);
      return created;
    },
    append: async (key, update) => {
      await store.append(key, update);
      events.stored(key);
    },
    compact: (key, merge, minRows) => store.compact(key, merge, minRows),
    rowCount: (key) => store.rowCount(key),
    info: (key) => store.info(key),
    list: (appId) => store.list(appId),
    rename: (key, title) => store.rename(key, title),
    close: () => store.close(),
  };
}
