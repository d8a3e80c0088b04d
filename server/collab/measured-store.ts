/**
 * A document store with its calls timed and its failures counted (the
 * metrics), around whichever store the node uses.
 */
import type { Metrics } from '../observability/metrics.js';
import type { DocKey, DocumentAccess, DocumentInfo, DocumentStore, MergeUpdates, NewVersion, VersionPrune, VersionRecord } from './store.js';

export class MeasuredStore implements DocumentStore {
  constructor(private readonly store: DocumentStore, private readonly metrics: Pick<Metrics, 'timeStore'>) {}

  load(key: DocKey): Promise<Uint8Array[] | undefined> {
    return this.metrics.timeStore('load', () => this.store.load(key));
  }

  create(key: DocKey, initial: Uint8Array, title?: string, owner?: string): Promise<boolean> {
    return this.metrics.timeStore('create', () => this.store.create(key, initial, title, owner));
  }

  append(key: DocKey, update: Uint8Array): Promise<void> {
    return this.metrics.timeStore('append', () => this.store.append(key, update));
  }

  compact(key: DocKey, merge: MergeUpdates, minRows: number): Promise<boolean> {
    return this.metrics.timeStore('compact', () => this.store.compact(key, merge, minRows));
  }

  rowCount(key: DocKey): Promise<number> {
    return this.store.rowCount(key);
  }

  info(key: DocKey): Promise<DocumentInfo | undefined> {
    return this.metrics.timeStore('info', () => this.store.info(key));
  }

  list(appId: string): Promise<DocumentInfo[]> {
    return this.metrics.timeStore('list', () => this.store.list(appId));
  }

  countDocuments(appId: string): Promise<number> {
    return this.metrics.timeStore('count', () => this.store.countDocuments(appId));
  }

  rename(key: DocKey, title: string): Promise<boolean> {
    return this.metrics.timeStore('rename', () => this.store.rename(key, title));
  }

  access(key: DocKey): Promise<DocumentAccess> {
    return this.metrics.timeStore('access', () => this.store.access(key));
  }

  revokeShares(key: DocKey): Promise<number> {
    return this.metrics.timeStore('revoke', () => this.store.revokeShares(key));
  }

  addVersion(key: DocKey, version: NewVersion): Promise<void> {
    return this.metrics.timeStore('add_version', () => this.store.addVersion(key, version));
  }

  listVersions(key: DocKey): Promise<VersionRecord[]> {
    return this.metrics.timeStore('list_versions', () => this.store.listVersions(key));
  }

  readVersion(key: DocKey, id: string): Promise<Uint8Array | undefined> {
    return this.metrics.timeStore('read_version', () => this.store.readVersion(key, id));
  }

  pruneVersions(key: DocKey, choose: (versions: VersionRecord[]) => VersionPrune): Promise<VersionPrune> {
    return this.metrics.timeStore('prune_versions', () => this.store.pruneVersions(key, choose));
  }

  close(): Promise<void> {
    return this.store.close();
  }
}
