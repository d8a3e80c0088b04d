/**
 * The open documents of this node: a room is created (and loaded from the
 * store) when its first member arrives and dropped, after a final flush, when
 * its last member leaves. Memory follows open documents, not all documents.
 */
import { docChannel } from '../../shared/doc/events.js';
import type { DocRoom, RoomDeps } from './doc-room.js';
import { DocRoom as Room } from './doc-room.js';
import type { DocKey } from './store.js';

export class DocHub {
  private readonly rooms = new Map<string, DocRoom>();

  constructor(private readonly deps: RoomDeps) {}

  get openCount(): number {
    return this.rooms.size;
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

  /** After a member left: once the room is empty and flushed, close it (unless someone came back). */
  release(room: DocRoom): void {
    if (room.members.size > 0) return;
    void room.run(async () => {
      await room.flush();
      if (room.members.size > 0 || room.hasUnsaved || this.rooms.get(id(room.key)) !== room) return;
      this.rooms.delete(id(room.key));
      room.destroy();
    });
  }

  /** Flushes and closes every room: for shutdown. */
  async closeAll(): Promise<void> {
    const rooms = [...this.rooms.values()];
    this.rooms.clear();
    await Promise.all(rooms.map(async (room) => {
      await room.run(() => room.flush());
      room.destroy();
    }));
  }
}

function id(key: DocKey): string {
  return `${key.appId}\u0000${key.docId}`;
}
