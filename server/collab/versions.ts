/**
 * Documents' versions as the HTTP side sees them: list, name the current
 * state, read one in an export format, view what changed (against the
 * version before it or against the document now), and restore. Naming and
 * restoring go through the document's room when it is open here (a restore
 * opens it), so they fall between two updates and reach every editor live.
 */
import type { DiffElement, VersionAuthor } from '../../shared/history/diff-tree.js';
import type { DocHub } from './doc-hub.js';
import type { DocumentService } from './documents.js';
import { mergeChanges, NO_CHANGES, parseChanges } from './history/changes.js';
import { historyThread } from './history/history-thread.js';
import { unionOfAuthors } from './history/thinning.js';
import type { VersionLog } from './history/version-log.js';
import { lexical } from './documents.js';
import type { ExportFormat } from './formats.js';
import type { RestoreResult } from './room-history.js';
import type { DocKey, VersionRecord } from './store.js';

export type CompareWith = 'previous' | 'current';

export interface VersionView {
  readonly version: VersionRecord;
  readonly compare: CompareWith;
  /** What it is compared with: the version before it (none for the first), or undefined for the document now. */
  readonly base: VersionRecord | undefined;
  readonly diff: DiffElement;
  /** Everyone the diff names, with their name and colour. */
  readonly people: VersionAuthor[];
}

export class DocumentVersions {
  constructor(private readonly hub: DocHub, private readonly log: VersionLog, private readonly documents: DocumentService) {}

  /** Newest first; undefined when the document does not exist. */
  async list(key: DocKey): Promise<VersionRecord[] | undefined> {
    if (!(await this.documents.info(key))) return undefined;
    return this.log.list(key);
  }

  /** A named version of the document as it is now; BudgetExceeded over the document's budget. */
  async name(key: DocKey, name: string): Promise<VersionRecord | undefined> {
    if (!(await this.documents.info(key))) return undefined;
    await this.log.checkNamedBudget(key);
    const room = this.hub.find(key);
    if (room) return room.whenLoaded(() => room.history.name(name));
    // Not open here: its last stretch became a version when it closed; the store has the rest.
    const state = await this.documents.currentState(key);
    if (!state) return undefined;
    return this.log.add(key, { kind: 'named', name, authors: [], changes: NO_CHANGES, state, takenAt: new Date() });
  }

  async read(key: DocKey, id: string, format: ExportFormat): Promise<string | object | undefined> {
    const state = await this.log.state(key, id);
    return state && (await lexical()).exportDocument(state, format);
  }

  async view(key: DocKey, id: string, compare: CompareWith): Promise<VersionView | undefined> {
    const versions = await this.log.list(key);
    const index = versions.findIndex((v) => v.id === id);
    const version = versions[index];
    const state = version && (await this.log.state(key, id));
    if (!version || !state) return undefined;
    if (compare === 'previous') {
      const base = versions[index + 1];
      const baseState = base && (await this.log.state(key, base.id));
      const diff = await historyThread.diff(baseState, state, parseChanges(version.changes));
      return { version, compare, base, diff, people: version.authors };
    }
    // Against the document now: every stretch since the version, the one still open included.
    const newer = versions.slice(0, index);
    const pending = this.hub.find(key)?.history.pending ?? { authors: [], changes: NO_CHANGES };
    const changes = mergeChanges(...newer.map((v) => parseChanges(v.changes)), pending.changes);
    const current = (await this.documents.currentState(key)) ?? state;
    const diff = await historyThread.diff(state, current, changes);
    return { version, compare, base: undefined, diff, people: unionOfAuthors([...newer.map((v) => v.authors), pending.authors]) };
  }

  /**
   * Makes the document equal to the version, through its room (opened for
   * the purpose when nobody has it open here). Undefined when the document
   * or the version does not exist.
   */
  async restore(key: DocKey, id: string, by: VersionAuthor | undefined): Promise<RestoreResult | undefined> {
    if (!(await this.documents.info(key))) return undefined;
    const state = await this.log.state(key, id);
    if (!state) return undefined;
    const room = this.hub.open(key);
    try {
      return await room.whenLoaded(() => room.history.restore({ id, state }, by));
    } finally {
      this.hub.release(room);
    }
  }

  /**
   * Lets an editor make a restore in their own editor, so that their Undo
   * takes it back: when `socketId` is an editor's socket of theirs on this
   * node, the version's state and the Yjs client to make the change as
   * (the room takes the versions when it arrives). Undefined otherwise: the
   * caller then restores here.
   */
  async prepareRestore(key: DocKey, id: string, userId: string, socketId: string): Promise<{ clientId: number; state: Uint8Array } | undefined> {
    const room = this.hub.find(key);
    const member = room?.members.get(socketId);
    if (!room || member?.userId !== userId || member.role !== 'editor') return undefined;
    const state = await this.log.state(key, id);
    return state && { clientId: room.restores.expect(room.doc, userId, id), state };
  }

  /** The versions around a restore `userId` made as `clientId`, once its change arrived (waiting up to `waitMs`); undefined when unknown or late. */
  async madeRestore(key: DocKey, clientId: number, userId: string, waitMs = 15_000): Promise<RestoreResult | undefined> {
    const restore = this.hub.find(key)?.restores.find(clientId, userId);
    if (!restore) return undefined;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), waitMs);
      timer.unref();
    });
    try {
      return await Promise.race([restore.done, late]);
    } finally {
      clearTimeout(timer);
    }
  }
}
