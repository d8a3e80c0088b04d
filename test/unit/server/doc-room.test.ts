/** One node's document room, with the other nodes' messages handed to it directly. */
import * as Y from 'yjs';
import { afterEach, describe, expect, it } from 'vitest';
import { fromBase64 } from '../../../shared/doc/base64.js';
import { DocEvent } from '../../../shared/doc/events.js';
import { awarenessInterval, DocRoom } from '../../../server/collab/doc-room.js';
import { VersionLog } from '../../../server/collab/history/version-log.js';
import { DocMember } from '../../../server/collab/member.js';
import { NodeMessage } from '../../../server/collab/room-nodes.js';
import { SqliteStore } from '../../../server/collab/sqlite-store.js';
import { rangesOf } from '../../../server/collab/stored-state.js';
import { createCapturingLogger } from '../../../server/observability/log.js';
import type { Dispatcher } from '../../../server/pusher/dispatcher.js';
import type { Session } from '../../../server/pusher/session.js';
import { makeConfig } from '../../helpers/config.js';

const key = { appId: 'app', docId: 'doc' };
const channel = 'presence-doc.doc';
const cleanup: Array<() => Promise<void> | void> = [];

afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

/** A socket that keeps every event it is sent, by name, with its data. */
function fakeSession(socketId: string): Session & { events: Array<{ event: string; data: Record<string, string> }> } {
  const events: Array<{ event: string; data: Record<string, string> }> = [];
  const received = (frame: string | Buffer): void => {
    const { event, data } = JSON.parse(frame.toString()) as { event: string; data: string };
    events.push({ event, data: JSON.parse(data) as Record<string, string> });
  };
  return { socketId, events, send: received, sendPaced: async (frame: string) => (received(frame), true) } as unknown as Session & { events: typeof events };
}

/** A room on a node of a cluster, its store shared with a node "A" that tests act for; what it publishes is kept. */
async function roomOnNodeB(store: SqliteStore): Promise<{ room: DocRoom; published: Array<{ event: string; data: Record<string, string> }> }> {
  const published: Array<{ event: string; data: Record<string, string> }> = [];
  const dispatcher = {
    publish: (_appId: string, _channel: string, event: string, data: Record<string, string>) => published.push({ event, data }),
    publishToNodes: () => undefined,
  } as unknown as Dispatcher;
  const config = makeConfig().documents;
  const log = createCapturingLogger();
  const versions = new VersionLog(store, { maxNamed: config.maxNamedVersions, maxAutomatic: config.maxAutoVersions, maxBytes: config.maxVersionBytes }, log);
  const room = new DocRoom(key, channel, {
    store, dispatcher, config, log, storeId: 'shared', versions,
    seed: async () => Y.encodeStateAsUpdate(new Y.Doc()), budget: { refusal: async () => undefined }, repairIntervalMs: 60_000,
  });
  cleanup.push(() => room.destroy());
  await room.run(() => room.load());
  return { room, published };
}

describe('document room across nodes', () => {
  it('asks a client for an edit another node stored that this node never received, relays it, and does not store it again', async () => {
    const store = new SqliteStore(':memory:');
    cleanup.push(() => store.close());
    const { room, published } = await roomOnNodeB(store);

    // Ana typed on node A, which stored her edit and said so; node B never got A's relay of it (lost, or sent before B watched the document).
    const ana = new Y.Doc();
    ana.getText('t').insert(0, 'typed on A');
    const edit = Y.encodeStateAsUpdate(ana);
    await store.append(key, edit);
    await room.run(() => room.fromNode(NodeMessage.stored, JSON.stringify({ store: 'shared', ...rangesOf(Y.decodeUpdate(edit)) }), undefined));

    // Ana reconnects to node B, and answers its state vector as the provider does: with whatever it lacks.
    const session = fakeSession('1.1');
    const member = new DocMember(session, 'editor', 'ana', makeConfig().documents);
    room.join(member);
    await room.run(() => room.sync(member, Y.encodeStateVector(ana)));
    const sv = fromBase64(session.events.find((e) => e.event === DocEvent.serverSync1)?.data.sv)!;
    const missing = Y.encodeStateAsUpdate(ana, sv);
    if (missing.length > 2) await room.run(() => room.applyFromMember(member, missing, Y.decodeUpdate(missing), undefined));

    expect(room.doc.getText('t').toString()).toBe('typed on A');
    // Stored already: not written again.
    await room.run(() => room.flush());
    expect(await store.load(key)).toHaveLength(2);
    // Node B's other members get it too.
    const relayed = new Y.Doc();
    for (const { data } of published.filter((p) => p.event === DocEvent.update)) Y.applyUpdate(relayed, fromBase64(data.update)!);
    expect(relayed.getText('t').toString()).toBe('typed on A');
  });
});

describe('awarenessInterval', () => {
  const config = { awarenessIntervalMs: 50, awarenessDeliveryRate: 20_000 };

  it('spaces a room\'s cursor broadcasts by its members, within the delivery rate and the longest pause', () => {
    expect(awarenessInterval(config, 40)).toBe(2);
    expect(awarenessInterval(config, 200)).toBe(10);
    expect(awarenessInterval(config, 1000)).toBe(50);
    expect(awarenessInterval(config, 5000)).toBe(50);
    expect(awarenessInterval({ ...config, awarenessIntervalMs: 0 }, 200)).toBe(0);
  });
});
