import * as Y from 'yjs';
import { afterAll, describe, expect, it } from 'vitest';
import { makeConfig } from '../helpers/config.js';
import { databaseUrlFor, STORE_KINDS, stopSharedPostgres } from '../helpers/stores.js';
import { fromBase64, toBase64 } from '../../shared/doc/base64.js';
import { inflateRaw } from '../../shared/doc/inflate.js';
import { presenceAuth } from '../helpers/auth.js';
import type { AuthServer } from '../helpers/auth-server.js';
import { useServerAndAuth } from '../helpers/fixtures.js';
import { openDoc, rootText } from '../helpers/doc-client.js';
import { RawClient } from '../helpers/raw-client.js';
import type { TestServer } from '../helpers/server.js';
import { waitFor } from '../helpers/wait.js';

let server: TestServer;
let auth: AuthServer;

afterAll(stopSharedPostgres);

async function storedText(docId: string): Promise<string> {
  const updates = (await server.node.store.load({ appId: server.app.id, docId })) ?? [];
  const doc = new Y.Doc();
  for (const update of updates) Y.applyUpdate(doc, update);
  return rootText(doc).toString();
}

/** A raw socket on a document channel with a given role. */
async function rawMember(docId: string, userId: string, role: 'editor' | 'viewer'): Promise<RawClient> {
  const client = await RawClient.connect(server.wsUrl());
  const channel = `presence-doc.${docId}`;
  client.subscribe(channel, presenceAuth(client.socketId, channel, { user_id: userId, user_info: { name: userId, role } }));
  await client.next('pusher_internal:subscription_succeeded', channel);
  return client;
}

function updateInserting(text: string): Uint8Array {
  const doc = new Y.Doc();
  rootText(doc).insert(0, text);
  return Y.encodeStateAsUpdate(doc);
}

describe.each(STORE_KINDS)('documents over presence-doc channels (%s store)', (kind) => {
  useServerAndAuth((s, a) => {
    server = s;
    auth = a;
  }, async () => ({ documents: { ...makeConfig().documents, databaseUrl: await databaseUrlFor(kind) } }));

  it('syncs edits between two editors and stores them', async () => {
    const ana = await openDoc(server, auth, 'd1', { id: 'ana' });
    const bo = await openDoc(server, auth, 'd1', { id: 'bo' });
    ana.insert(0, 'Hello');
    await waitFor(() => bo.text() === 'Hello', { what: 'bo to see Hello' });
    bo.insert(5, ' world');
    await waitFor(() => ana.text() === 'Hello world', { what: 'ana to see world' });
    await ana.saved();
    await bo.saved();
    expect(await storedText('d1')).toBe('Hello world');
  });

  it('gives a late joiner everything, persisted or not', async () => {
    const ana = await openDoc(server, auth, 'late', { id: 'ana' });
    ana.insert(0, 'written before you came');
    const late = await openDoc(server, auth, 'late', { id: 'late' });
    await waitFor(() => late.text() === 'written before you came', { what: 'late joiner to catch up' });
  });

  it('seeds a new document once, server-side, so clients never duplicate initial content', async () => {
    const a = await openDoc(server, auth, 'fresh', { id: 'a' });
    const b = await openDoc(server, auth, 'fresh', { id: 'b' });
    const paragraphs = (doc: Y.Doc) => rootText(doc).toDelta().filter((op: { insert: unknown }) => op.insert instanceof Y.XmlText).length;
    expect(paragraphs(a.doc)).toBe(1);
    expect(paragraphs(b.doc)).toBe(1);
    expect((await server.node.store.load({ appId: server.app.id, docId: 'fresh' }))?.length).toBe(1);
  });

  it('refuses a viewer\'s update with 4308, applies and relays nothing, keeps the socket', async () => {
    const editor = await openDoc(server, auth, 'ro', { id: 'ed' });
    editor.insert(0, 'original');
    await editor.saved();
    const viewer = await rawMember('ro', 'viewer', 'viewer');
    viewer.send({ event: 'client-yjs-update', channel: 'presence-doc.ro', data: { update: toBase64(updateInserting('HACKED')) } });
    expect((await viewer.next('pusher:error')).parsed).toMatchObject({ code: 4308 });
    viewer.send({ event: 'pusher:ping', data: {} });
    await viewer.next('pusher:pong');
    expect(viewer.closed).toBeUndefined();
    expect(editor.text()).toBe('original');
    expect(server.node.docs.find({ appId: server.app.id, docId: 'ro' })!.doc.get('root', Y.XmlText).toString()).toBe('original');
    expect(await storedText('ro')).toBe('original');
  });

  it('treats a missing or unknown role as a viewer', async () => {
    const client = await RawClient.connect(server.wsUrl());
    const channel = 'presence-doc.norole';
    client.subscribe(channel, presenceAuth(client.socketId, channel, { user_id: 'x', user_info: { name: 'x', role: 'admin' } }));
    await client.next('pusher_internal:subscription_succeeded');
    client.send({ event: 'client-yjs-update', channel, data: { update: toBase64(updateInserting('x')) } });
    expect((await client.next('pusher:error')).parsed).toMatchObject({ code: 4308 });
  });

  it.each([
    ['bad base64', { update: '***' }],
    ['bytes that are not a Yjs update', { update: toBase64(new Uint8Array([255, 255, 255, 255, 1, 2, 3])) }],
    ['no update at all', { nope: true }],
    ['an invalid part', { id: 'p', part: 5, parts: 2, update: 'AAAA' }],
  ])('refuses %s with 4309 and keeps the document and the socket', async (_what, data) => {
    const editor = await openDoc(server, auth, 'bad', { id: 'ed' });
    editor.insert(0, 'safe');
    await editor.saved();
    const attacker = await rawMember('bad', 'mallory', 'editor');
    attacker.send({ event: 'client-yjs-update', channel: 'presence-doc.bad', data });
    expect((await attacker.next('pusher:error')).parsed).toMatchObject({ code: 4309 });
    attacker.send({ event: 'client-yjs-sync-1', channel: 'presence-doc.bad', data: { sv: toBase64(new Uint8Array([0])) } });
    const sync2 = await attacker.next('yjs-sync-2');
    const check = new Y.Doc();
    Y.applyUpdate(check, Buffer.from((sync2.parsed as { update: string }).update, 'base64'));
    expect(rootText(check).toString()).toBe('safe');
    expect(await storedText('bad')).toBe('safe');
  });

  it('answers sync-1 to that socket alone: sync-2 then the server\'s sync-1', async () => {
    const editor = await openDoc(server, auth, 'sync', { id: 'ed' });
    editor.insert(0, 'abc');
    await editor.saved();
    const a = await rawMember('sync', 'a', 'viewer');
    const b = await rawMember('sync', 'b', 'viewer');
    a.send({ event: 'client-yjs-sync-1', channel: 'presence-doc.sync', data: { sv: toBase64(Y.encodeStateVector(new Y.Doc())) } });
    await a.next('yjs-sync-2');
    await a.next('yjs-sync-1');
    b.send({ event: 'pusher:ping', data: {} });
    await b.next('pusher:pong');
    expect(b.all('yjs-sync-2')).toHaveLength(0);
    expect(b.all('client-yjs-sync-1')).toHaveLength(0);
  });

  it('deflates a large sync-2 for a client that offers it, and not for one that does not', async () => {
    const editor = await openDoc(server, auth, 'deflate', { id: 'ed' });
    const text = 'the quick brown fox jumps over the lazy dog '.repeat(4000);
    editor.insert(0, text);
    await editor.saved();
    const empty = toBase64(Y.encodeStateVector(new Y.Doc()));
    const offering = await rawMember('deflate', 'a', 'viewer');
    offering.send({ event: 'client-yjs-sync-1', channel: 'presence-doc.deflate', data: { sv: empty, encoding: 'deflate-raw' } });
    const deflated = (await offering.next('yjs-sync-2')).parsed as { update: string; encoding?: string };
    const plain = await rawMember('deflate', 'b', 'viewer');
    plain.send({ event: 'client-yjs-sync-1', channel: 'presence-doc.deflate', data: { sv: empty } });
    const raw = (await plain.next('yjs-sync-2')).parsed as { update: string; encoding?: string };
    expect(deflated.encoding).toBe('deflate-raw');
    expect(raw.encoding).toBeUndefined();
    const inflated = await inflateRaw(fromBase64(deflated.update)!);
    expect(inflated).toEqual(fromBase64(raw.update));
    expect(deflated.update.length).toBeLessThan(raw.update.length / 2);
    const loaded = new Y.Doc();
    Y.applyUpdate(loaded, inflated);
    expect(rootText(loaded).toString()).toContain(text);
  });

  it('sends a newcomer a large document once: the state vector after the deflated answer does not make it ask again', async () => {
    const editor = await openDoc(server, auth, 'once', { id: 'ed' });
    editor.insert(0, 'the quick brown fox jumps over the lazy dog '.repeat(4000));
    await editor.saved();
    let asked = 0;
    let answered = 0;
    const late = await openDoc(server, auth, 'once', { id: 'late', role: 'viewer' }, (provider) => {
      provider.on('channel', (channel: { trigger(event: string, data: unknown): boolean; bind(event: string, handler: () => void): void }) => {
        const trigger = channel.trigger.bind(channel);
        channel.trigger = (event, data) => {
          if (event === 'client-yjs-sync-1') asked += 1;
          return trigger(event, data);
        };
        channel.bind('yjs-sync-2', () => { answered += 1; });
      });
    });
    // An edit that reaches the newcomer comes after anything its first answer set off.
    editor.insert(0, 'later ');
    await waitFor(() => late.text().startsWith('later '), { what: 'the newcomer to see the next edit' });
    expect(late.text()).toBe(editor.text());
    expect(asked).toBe(1);
    expect(answered).toBe(1);
  });

  it('hands newcomers the same answer until the document changes, and the change after it', async () => {
    const editor = await openDoc(server, auth, 'newcomers', { id: 'ed' });
    editor.insert(0, 'the quick brown fox jumps over the lazy dog '.repeat(4000));
    await editor.saved();
    const empty = toBase64(Y.encodeStateVector(new Y.Doc()));
    const answer = async (user: string): Promise<string> => {
      const member = await rawMember('newcomers', user, 'viewer');
      member.send({ event: 'client-yjs-sync-1', channel: 'presence-doc.newcomers', data: { sv: empty, encoding: 'deflate-raw' } });
      const sync2 = (await member.next('yjs-sync-2')).parsed as { update: string };
      const doc = new Y.Doc();
      Y.applyUpdate(doc, await inflateRaw(fromBase64(sync2.update)!));
      return rootText(doc).toString();
    };
    const first = await answer('a');
    expect(first).toBe(editor.text());
    expect(await answer('b')).toBe(first);
    editor.insert(0, 'changed ');
    await editor.saved();
    const after = await answer('c');
    expect(after).toBe(editor.text());
    expect(after.startsWith('changed ')).toBe(true);
  });

  it('tells an editor its edits are saved, and a reader nothing of edits not its own', async () => {
    const editor = await openDoc(server, auth, 'quiet-saves', { id: 'ed' });
    const reader = await rawMember('quiet-saves', 'reader', 'editor');
    editor.insert(0, 'one. ');
    await editor.saved();
    editor.insert(0, 'two. ');
    await editor.saved();
    // The relay of a third edit comes after anything said to the reader about the first two.
    editor.insert(0, 'three. ');
    await waitFor(() => reader.all('client-yjs-update').length === 3, { what: 'the reader to get three edits' });
    expect(reader.all('yjs-saved')).toHaveLength(0);
  });

  it('relays typing whispers like any client event', async () => {
    const a = await rawMember('typing', 'a', 'viewer');
    const b = await rawMember('typing', 'b', 'editor');
    a.send({ event: 'client-typing', channel: 'presence-doc.typing', data: { typing: true } });
    const got = await b.next('client-typing');
    expect(got.parsed).toEqual({ typing: true });
    expect(got.user_id).toBe('a');
  });

  it('sends current awareness states to a newcomer and removes a member\'s states when it leaves', async () => {
    const ana = await openDoc(server, auth, 'aw', { id: 'ana' });
    ana.provider.awareness.setLocalStateField('user', { name: 'Ana', color: '#ff0000' });
    const bo = await openDoc(server, auth, 'aw', { id: 'bo', role: 'viewer' });
    await waitFor(() => (bo.provider.awareness.getStates().get(ana.doc.clientID) as { user?: { name: string } } | undefined)?.user?.name === 'Ana', { what: 'bo to see Ana' });
    bo.provider.awareness.setLocalStateField('user', { name: 'Bo', color: '#00ff00' });
    await waitFor(() => ana.provider.awareness.getStates().has(bo.doc.clientID), { what: 'ana to see Bo' });
    bo.destroy();
    await waitFor(() => !ana.provider.awareness.getStates().has(bo.doc.clientID), { what: 'Bo to be removed' });
  });

  it('refuses an awareness update that speaks for another connection\'s client id', async () => {
    const ana = await openDoc(server, auth, 'spoof', { id: 'ana' });
    ana.provider.awareness.setLocalStateField('user', { name: 'Ana' });
    const room = server.node.docs.find({ appId: server.app.id, docId: 'spoof' })!;
    await waitFor(() => room.awareness.awareness.getStates().has(ana.doc.clientID), { what: 'server to know Ana' });
    const mallory = await rawMember('spoof', 'mallory', 'editor');
    const { Awareness, encodeAwarenessUpdate } = await import('y-protocols/awareness');
    const fake = new Y.Doc();
    fake.clientID = ana.doc.clientID;
    const fakeAwareness = new Awareness(fake);
    fakeAwareness.setLocalState({ user: { name: 'Not Ana' } });
    (fakeAwareness.meta.get(fake.clientID) as { clock: number }).clock = 999;
    mallory.send({ event: 'client-yjs-awareness', channel: 'presence-doc.spoof', data: { update: toBase64(encodeAwarenessUpdate(fakeAwareness, [fake.clientID])) } });
    expect((await mallory.next('pusher:error')).parsed).toMatchObject({ code: 4309 });
    expect((room.awareness.awareness.getStates().get(ana.doc.clientID) as { user: { name: string } }).user.name).toBe('Ana');
    fakeAwareness.destroy();
  });

  it('refuses an awareness state that names another user, so cursors are labelled by who really sent them', async () => {
    const mallory = await rawMember('claims', 'mallory', 'editor');
    const { Awareness, encodeAwarenessUpdate } = await import('y-protocols/awareness');
    const room = server.node.docs.find({ appId: server.app.id, docId: 'claims' })!;
    const send = (userId: string): InstanceType<typeof Awareness> => {
      const tab = new Awareness(new Y.Doc());
      tab.setLocalState({ name: 'Ana', awarenessData: { userId } });
      mallory.send({ event: 'client-yjs-awareness', channel: 'presence-doc.claims', data: { update: toBase64(encodeAwarenessUpdate(tab, [tab.clientID])) } });
      return tab;
    };
    const posing = send('ana');
    expect((await mallory.next('pusher:error')).parsed).toMatchObject({ code: 4309, message: expect.stringContaining('another user') });
    expect(room.awareness.awareness.getStates().has(posing.clientID)).toBe(false);
    const honest = send('mallory');
    await waitFor(() => room.awareness.awareness.getStates().has(honest.clientID), { what: 'her own state to be taken' });
    posing.destroy();
    honest.destroy();
  });

  it('lets one connection speak for a few awareness client ids, not an unbounded number', async () => {
    const mallory = await rawMember('many-ids', 'mallory', 'editor');
    const { Awareness, encodeAwarenessUpdate } = await import('y-protocols/awareness');
    const room = server.node.docs.find({ appId: server.app.id, docId: 'many-ids' })!;
    const limit = server.config.documents.maxAwarenessIdsPerMember;
    for (let i = 0; i <= limit; i += 1) {
      const fake = new Awareness(new Y.Doc());
      fake.setLocalState({ user: { name: `tab ${i}` } });
      mallory.send({ event: 'client-yjs-awareness', channel: 'presence-doc.many-ids', data: { update: toBase64(encodeAwarenessUpdate(fake, [fake.clientID])) } });
      fake.destroy();
    }
    expect((await mallory.next('pusher:error')).parsed).toMatchObject({ code: 4310 });
    expect(room.awareness.awareness.getStates().size).toBe(limit);
  });

  it('answers one large sync at a time per connection, and only the newest of those asked for meanwhile', async () => {
    await server.node.store.create({ appId: server.app.id, docId: 'big-sync' }, updateInserting('x'.repeat(3 * 1024 * 1024)));
    const reader = await rawMember('big-sync', 'reader', 'viewer');
    const empty = toBase64(Y.encodeStateVector(new Y.Doc()));
    for (let i = 0; i < 5; i += 1) reader.send({ event: 'client-yjs-sync-1', channel: 'presence-doc.big-sync', data: { sv: empty } });
    await reader.next('yjs-sync-1', 'presence-doc.big-sync', 20_000);
    await reader.next('yjs-sync-1', 'presence-doc.big-sync', 20_000);
    const room = server.node.docs.find({ appId: server.app.id, docId: 'big-sync' })!;
    const member = room.members.get(reader.socketId)!;
    await waitFor(() => !member.syncInFlight, { what: 'the second answer to be sent', timeout: 20_000 });
    await room.run(() => undefined);
    expect(member.syncInFlight).toBe(false);
    expect(member.nextSync).toBeUndefined();
    expect(reader.all('yjs-sync-1')).toHaveLength(2);
  });

  it('unloads a document after its last member leaves, flushing what was not yet stored', async () => {
    const editor = await rawMember('unload', 'ed', 'editor');
    editor.send({ event: 'client-yjs-update', channel: 'presence-doc.unload', data: { update: toBase64(updateInserting('keep me')) } });
    editor.send({ event: 'pusher:unsubscribe', data: { channel: 'presence-doc.unload' } });
    await waitFor(() => server.node.docs.find({ appId: server.app.id, docId: 'unload' }) === undefined, { what: 'the room to close' });
    expect(await storedText('unload')).toContain('keep me');
  });
});
