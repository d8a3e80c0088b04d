/**
 * A room's versions as they happen: it records who changes the document (and
 * how, for diffs), closes a stretch of editing into an automatic version
 * after a quiet time or a long stretch, names the current state, and
 * restores: a version first (always), the restore (the server's own update,
 * or an editor's own that they announced, see awaited-restores.ts), then a
 * version of the result. Work that
 * reads or changes the document runs on the room's queue, so a version is
 * exactly the state between two updates.
 */
import * as Y from 'yjs';
import type { VersionAuthor } from '../../shared/history/diff-tree.js';
import type { Logger } from '../observability/log.js';
import { ChangeRecorder, type Triple, type VersionChanges } from './history/changes.js';
import { historyThread } from './history/history-thread.js';
import { containersDeletedBy } from '../../shared/history/triple.js';
import type { VersionLog, VersionToAdd } from './history/version-log.js';
import type { UpdateOrigin } from './member.js';
import type { DocKey, VersionKind, VersionRecord } from './store.js';

export interface RoomHistoryDeps {
  readonly key: DocKey;
  readonly doc: Y.Doc;
  readonly versions: VersionLog;
  readonly timing: { readonly quietMs: number; readonly stretchMs: number };
  readonly log: Logger;
  /** Runs work on the room's queue. */
  readonly run: <T>(work: () => T | Promise<T>) => Promise<T | undefined>;
  /** Applies the server's own change (stored and relayed like any update), made for `by`. */
  readonly applyLocal: (update: Uint8Array, by: VersionAuthor | undefined) => void;
  /** Stores everything unsaved now. */
  readonly flush: () => Promise<void>;
}

export interface RestoreResult {
  /** The version of the document as the restore left it. */
  readonly id: string;
  /** The version taken just before: restoring it undoes the restore. */
  readonly before: string;
}

export class RoomHistory {
  private readonly changes = new ChangeRecorder();
  private readonly authors = new Map<string, VersionAuthor>();
  private stretchStartedAt = 0;
  private lastChangeAt = 0;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(private readonly deps: RoomHistoryDeps) {
    deps.doc.on('afterTransaction', this.onTransaction);
  }

  /** Whether the document changed since the last version. */
  get dirty(): boolean {
    return this.authors.size > 0;
  }

  /** Who changed what since the last version (for comparing a version with the current document). */
  get pending(): { readonly authors: VersionAuthor[]; readonly changes: VersionChanges } {
    return { authors: [...this.authors.values()], changes: this.changes.current() };
  }

  /** On the queue: makes the stretch so far a version, if anything changed. */
  async closeStretch(): Promise<void> {
    if (this.dirty) await this.take('auto');
  }

  /** On the queue: a named version of the current state. */
  name(name: string): Promise<VersionRecord> {
    return this.take('named', { name });
  }

  /** On the queue: makes the document equal to `target` (a version's state) by a forward change. */
  async restore(target: { readonly id: string; readonly state: Uint8Array }, by: VersionAuthor | undefined): Promise<RestoreResult> {
    // Computed off the event loop; the room's queue waits, so the document does not change meanwhile.
    const change = await historyThread.restore(Y.encodeStateAsUpdate(this.deps.doc), target.state);
    return this.bracket(target.id, () => this.deps.applyLocal(change, by));
  }

  /**
   * On the queue: a restore of `restoredFrom` that `apply` makes (the
   * server's own change, or one an editor made in their editor): a version
   * first, then the change, whose deleted containers are kept for the
   * rescue, then a version of the result.
   */
  async bracket(restoredFrom: string, apply: () => void): Promise<RestoreResult> {
    const before = await this.take('auto');
    this.changes.restored(deletedContainers(this.deps.doc, apply));
    const after = await this.take('restore', { restoredFrom });
    await this.deps.flush();
    return { id: after.id, before: before.id };
  }

  stop(): void {
    this.stopped = true;
    this.clearTimer();
    this.deps.doc.off('afterTransaction', this.onTransaction);
  }

  /**
   * Stores a version of the document as it is now, with who changed it since
   * the last one. Only once it is stored does the next stretch begin: if the
   * store fails, nothing recorded is lost from the next version.
   */
  private async take(kind: VersionKind, extra: Partial<Pick<VersionToAdd, 'name' | 'restoredFrom'>> = {}): Promise<VersionRecord> {
    const version: VersionToAdd = {
      kind, ...extra, authors: [...this.authors.values()], changes: this.changes.current(),
      state: Y.encodeStateAsUpdate(this.deps.doc), takenAt: new Date(),
    };
    // Nothing changes the document meanwhile: every change to it runs on the room's queue, as this does.
    const record = await this.deps.versions.add(this.deps.key, version);
    this.changes.reset();
    this.authors.clear();
    this.stretchStartedAt = 0;
    this.clearTimer();
    return record;
  }

  private readonly onTransaction = (tr: Y.Transaction): void => {
    const author = authorOf(tr.origin);
    if (!author || !this.changes.record(author.id, tr)) return;
    this.authors.set(author.id, author);
    const now = Date.now();
    this.lastChangeAt = now;
    if (this.stretchStartedAt === 0) this.stretchStartedAt = now;
    if (now - this.stretchStartedAt >= this.deps.timing.stretchMs) this.schedule(0);
    else if (!this.timer) this.schedule(this.deps.timing.quietMs);
  };

  /** One timer a room: when it fires early (edits came meanwhile), it waits for the rest of the quiet time. */
  private schedule(delayMs: number): void {
    this.clearTimer();
    this.timer = setTimeout(() => {
      this.timer = undefined;
      const quietFor = Date.now() - this.lastChangeAt;
      const long = Date.now() - this.stretchStartedAt >= this.deps.timing.stretchMs;
      if (!long && quietFor < this.deps.timing.quietMs) return this.schedule(this.deps.timing.quietMs - quietFor);
      void this.deps.run(() => (this.stopped ? undefined : this.closeStretch())).catch(() => undefined);
    }, delayMs);
    this.timer.unref();
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}

/** The containers (Yjs types) the transactions `apply` makes delete. */
function deletedContainers(doc: Y.Doc, apply: () => void): Triple[] {
  const containers: Triple[] = [];
  const collect = (tr: Y.Transaction): void => void containers.push(...containersDeletedBy(tr));
  doc.on('afterTransaction', collect);
  try {
    apply();
  } finally {
    doc.off('afterTransaction', collect);
  }
  return containers;
}

/** Whom a change to the document counts for: a member, or the person the server acted for. */
function authorOf(origin: unknown): VersionAuthor | undefined {
  const from = origin as UpdateOrigin | undefined;
  if (from?.kind === 'socket') return from.member.author;
  if (from?.kind === 'local') return from.by;
  return undefined;
}
