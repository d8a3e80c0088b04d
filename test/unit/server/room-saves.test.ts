/** What a document stores: each member update once, however often it is sent again. */
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { DocMember } from '../../../server/collab/member.js';
import { RoomSaves } from '../../../server/collab/room-saves.js';
import { SqliteStore } from '../../../server/collab/sqlite-store.js';
import type { DocKey } from '../../../server/collab/store.js';
import { makeConfig } from '../../helpers/config.js';
import { createCapturingLogger } from '../../../server/observability/log.js';
import type { Session } from '../../../server/pusher/session.js';
import { waitFor } from '../../helpers/wait.js';

/** The embedded store, counting the rows it is asked to append. */
class CountingStore extends SqliteStore {
  appends = 0;
  override async append(key: DocKey, update: Uint8Array): Promise<void> {
    this.appends += 1;
    await super.append(key, update);
  }
}

describe('room saves', () => {
  it('queues an update sent again (a resync) only when it holds something not stored or queued', async () => {
    const store = new CountingStore(':memory:');
    const key = { appId: 'app', docId: 'doc' };
    const doc = new Y.Doc();
    const sent: Array<{ event: string; data: unknown }> = [];
    const ana = new DocMember({ socketId: '1.1' } as Session, 'editor', 'ana', { eventRate: 100, partTimeoutMs: 60_000 });
    const saves = new RoomSaves({
      key, doc, store, config: makeConfig().documents, log: createCapturingLogger(),
      members: () => [ana], send: (_member, event, data) => sent.push({ event, data }), wrote: () => undefined,
    });
    saves.loaded(0, 0);
    const writer = new Y.Doc();
    writer.getText('t').insert(0, 'hello');
    const update = Y.encodeStateAsUpdate(writer);
    const take = (ack: number): boolean => {
      Y.applyUpdate(doc, update);
      return saves.accept(ana, update, Y.decodeUpdate(update), ack);
    };
    expect(take(1)).toBe(false);
    expect(take(2)).toBe(false); // sent again before the write: already queued
    await saves.flush();
    expect(store.appends).toBe(1);
    expect(take(3)).toBe(false); // sent again after it: already stored
    await saves.flush();
    expect(store.appends).toBe(1);
    expect(sent.filter((m) => m.event === 'yjs-saved').map((m) => (m.data as { ack?: number }).ack)).toEqual([2, 3]);
    saves.stop();
    await store.close();
  });

  it('tells a member who joins while the store fails so, and tells it again once a write succeeds', async () => {
    const store = new FailingStore(':memory:');
    const key = { appId: 'app', docId: 'doc' };
    const doc = new Y.Doc();
    const sent: Array<{ to: string; event: string }> = [];
    const member = (id: string): DocMember => new DocMember({ socketId: id } as Session, 'viewer', id, { eventRate: 100, partTimeoutMs: 60_000 });
    const members: DocMember[] = [member('1.1')];
    const saves = new RoomSaves({
      key, doc, store, config: { ...makeConfig().documents, flushDelayMs: 0 }, log: createCapturingLogger(),
      members: () => members, send: (to, event) => sent.push({ to: to.socketId, event }), wrote: () => undefined,
    });
    saves.loaded(0, 0);
    const writer = new Y.Doc();
    writer.getText('t').insert(0, 'hello');
    store.failing = true;
    saves.add(Y.encodeStateAsUpdate(writer));
    await waitFor(() => saves.failing, { what: 'the write to fail' });
    const late = member('2.2');
    members.push(late);
    saves.joined(late);
    expect(sent.filter((m) => m.to === '2.2').map((m) => m.event)).toEqual(['yjs-not-saved']);
    store.failing = false;
    await saves.flush();
    expect(sent.filter((m) => m.event === 'yjs-saved').map((m) => m.to).sort()).toEqual(['1.1', '2.2']);
    saves.stop();
    await store.close();
  });
});

/** The embedded store, refusing appends while `failing`. */
class FailingStore extends SqliteStore {
  failing = false;
  override async append(key: DocKey, update: Uint8Array): Promise<void> {
    if (this.failing) throw new Error('disk full');
    await super.append(key, update);
  }
}
