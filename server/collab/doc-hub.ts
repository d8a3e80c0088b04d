/**
 * The open documents of this node: a room is created (and loaded from the
 * store) when its first member arrives and dropped, after a final flush, when
 * its last member leaves. Memory follows open documents, not all documents.
 */
import { docChannel } from '../../shared/doc/events.js';
import type { DocRoom, RoomDeps } from './doc-room.js';
import { DocRoom as Room } from './doc-room.js';
import type { DocKey } from './store.js';

/** How often an empty room whose updates the store refused looks again to close. */
const RELEASE_RETRY_MS = 5000;

export class DocHub {
  private readonly rooms = new Map<string, DocRoom>();
  /** Rooms with a release under way (or waiting to look again), so leaves do not start one each. */
  private readonly releasing = new Set<DocRoom>();

  constructor(private readonly deps: RoomDeps) {}

  /** Each open document with its members and whether it has unsaved updates: for the status view. */
  *summaries(): Generator<{ appId: string; docId: string; members: number; unsaved: boolean }> {
    for (const room of this.rooms.values()) yield { ...room.key, members: room.members.size, unsaved: room.hasUnsaved };
  }

  get openCount(): number {
    return this.rooms.size;
  }

  /** Open documents with updates not yet stored: the flush backlog. */
  get unsavedCount(): number {
    let count = 0;
    for (const room of this.rooms.values()) if (room.hasUnsaved) count += 1;
    return count;
  }

  /** Open documents the store is failing (a load or a write), for /up. */
  get failingCount(): number {
    let count = 0;
    for (const room of this.rooms.values()) if (room.storeFailing) count += 1;
    return count;
  }

  find(key: DocKey): DocRoom | undefined {
    return this.rooms.get(id(key));
  }

  /** The room for a document, opened and loading when it was not open. */
  open(key: DocKey): DocRoom {
    const existing = this.rooms.get(id(key));
    if (existing) return existing;
    const room = new Room(key, docChannel(key.docId), this.deps);
    this.rooms.set(id(key), room);
    void room.run(() => room.load());
    return room;
  }

  /**
   * After a member left: once the room is empty and flushed, close it (unless
   * someone came back), the stretch of editing it saw made a version. While
   * the store fails, the room keeps its unsaved updates in memory and looks
   * again later.
   */
  release(room: DocRoom): void {
    if (room.members.size > 0 || this.releasing.has(room)) return;
    this.releasing.add(room);
    void room.run(async () => {
      // While the store fails, the flusher retries on its own back-off; forcing a write here would hurry it.
      if (!room.storeFailing) await room.flush();
      if (!room.storeFailing) await room.history.closeStretch().catch((error: unknown) => this.versionFailed(room, error));
      this.releasing.delete(room);
      if (room.members.size > 0 || this.rooms.get(id(room.key)) !== room) return;
      if (room.hasUnsaved) {
        this.releasing.add(room);
        setTimeout(() => {
          this.releasing.delete(room);
          this.release(room);
        }, RELEASE_RETRY_MS).unref();
        return;
      }
      this.rooms.delete(id(room.key));
      room.destroy();
    });
  }

  /**
   * For shutdown: stores every room's unsaved updates, trying again until
   * `deadline` (epoch ms) while the store fails, and closes the rooms.
   * Returns the documents that could not be stored.
   */
  async closeAll(deadline: number): Promise<DocKey[]> {
    const rooms = [...this.rooms.values()];
    this.rooms.clear();
    const unsaved: DocKey[] = [];
    await Promise.all(rooms.map(async (room) => {
      const stored = await room.run(() => room.flushBefore(deadline));
      if (stored) await room.run(() => room.history.closeStretch().catch((error: unknown) => this.versionFailed(room, error)));
      if (!stored) unsaved.push(room.key);
      room.destroy();
    }));
    return unsaved;
  }

  private versionFailed(room: DocRoom, error: unknown): void {
    this.deps.log.error('could not store the version of a document\'s last stretch of editing', { err: error, doc_id: room.key.docId });
  }
}

function id(key: DocKey): string {
  return `${key.appId}\u0000${key.docId}`;
}
