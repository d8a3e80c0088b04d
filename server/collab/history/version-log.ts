/**
 * A document's versions in the store: adding one (its content packed, then
 * the automatic ones thinned), listing, reading, and the budgets a person
 * naming versions is held to. Shared by the rooms (automatic versions,
 * restores) and the HTTP side (listing, naming, viewing).
 */
import { randomBytes } from 'node:crypto';
import type { VersionAuthor } from '../../../shared/history/diff-tree.js';
import type { Logger } from '../../observability/log.js';
import { BudgetExceeded } from '../document-budget.js';
import type { DocKey, DocumentStore, VersionKind, VersionRecord } from '../store.js';
import { parseChanges, type Triple, type VersionChanges } from './changes.js';
import { packState, unpackState } from './pack.js';
import { planThinning } from './thinning.js';

export interface VersionLimits {
  /** Named versions a document may have. */
  readonly maxNamed: number;
  /** Automatic versions a document keeps (older ones are thinned). */
  readonly maxAutomatic: number;
  /** Stored bytes of a document's versions. */
  readonly maxBytes: number;
}

export interface VersionToAdd {
  readonly kind: VersionKind;
  readonly name?: string;
  readonly authors: VersionAuthor[];
  readonly changes: VersionChanges;
  readonly restoredFrom?: string;
  /** The document's full encoded state. */
  readonly state: Uint8Array;
  /** When it was taken (the state's moment), not when it reached the store. */
  readonly takenAt: Date;
}

type VersionStore = Pick<DocumentStore, 'addVersion' | 'listVersions' | 'readVersion' | 'pruneVersions'>;

export class VersionLog {
  constructor(private readonly store: VersionStore, private readonly limits: VersionLimits, private readonly log: Logger) {}

  /** Stores a version; automatic ones then thin the document's older ones (a failure there is only logged). */
  async add(key: DocKey, version: VersionToAdd): Promise<VersionRecord> {
    const state = await packState(version.state);
    const record: VersionRecord = {
      id: randomBytes(9).toString('base64url'), kind: version.kind, name: version.name ?? null, createdAt: version.takenAt,
      authors: version.authors, restoredFrom: version.restoredFrom ?? null, changes: JSON.stringify(version.changes), size: state.length,
    };
    await this.store.addVersion(key, { ...record, state });
    if (version.kind !== 'named') {
      await this.store.pruneVersions(key, (versions) => planThinning(versions, Date.now(), this.limits))
        .catch((error: unknown) => this.log.error('could not thin the versions of a document', { err: error, doc_id: key.docId }));
    }
    return record;
  }

  /** Newest first. */
  list(key: DocKey): Promise<VersionRecord[]> {
    return this.store.listVersions(key);
  }

  /** A version's full encoded state; undefined when there is no such version. */
  async state(key: DocKey, id: string): Promise<Uint8Array | undefined> {
    const packed = await this.store.readVersion(key, id);
    return packed && unpackState(packed);
  }

  /** Every container restores of this document deleted (what concurrent edits into are rescued from). */
  async restoredContainers(key: DocKey): Promise<Triple[]> {
    return (await this.list(key)).flatMap((version) => [...parseChanges(version.changes).restores]);
  }

  /** Throws BudgetExceeded when the document may not have another named version. */
  async checkNamedBudget(key: DocKey): Promise<void> {
    const named = (await this.list(key)).filter((v) => v.kind === 'named');
    if (named.length >= this.limits.maxNamed) {
      throw new BudgetExceeded(`The document has ${this.limits.maxNamed} named versions, its budget (CHORUS_DOC_MAX_NAMED_VERSIONS)`);
    }
    // Automatic versions make room by thinning; named ones are only ever added.
    if (named.reduce((total, v) => total + v.size, 0) >= this.limits.maxBytes) {
      throw new BudgetExceeded(`The document's named versions take ${this.limits.maxBytes} bytes, their budget (CHORUS_DOC_MAX_VERSION_BYTES)`);
    }
  }
}
