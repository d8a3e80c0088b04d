/** One contract, both stores: the embedded SQLite and a real PostgreSQL. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PostgresStore } from '../../server/collab/postgres-store.js';
import { SqliteStore } from '../../server/collab/sqlite-store.js';
import type { DocumentStore, NewVersion } from '../../server/collab/store.js';
import { startPostgres, type TestPostgres } from '../helpers/postgres.js';

let pgServer: TestPostgres;
let sqliteDir: string;
let counter = 0;

beforeAll(async () => {
  pgServer = await startPostgres();
  sqliteDir = mkdtempSync(join(tmpdir(), 'chorus-sqlite-'));
});

afterAll(async () => {
  await pgServer.stop();
  rmSync(sqliteDir, { recursive: true, force: true });
});

/** Opens a store; the same name opens the same database (a second node, or a restart). */
const stores: [string, (name: string) => DocumentStore][] = [
  ['SQLite', (name) => new SqliteStore(join(sqliteDir, `${name}.sqlite`))],
  ['PostgreSQL', () => new PostgresStore(pgServer.url)],
];

function textUpdate(text: string, base?: Uint8Array): Uint8Array {
  const doc = new Y.Doc();
  if (base) Y.applyUpdate(doc, base);
  const before = Y.encodeStateVector(doc);
  doc.getText('t').insert(doc.getText('t').length, text);
  return Y.encodeStateAsUpdate(doc, before);
}

function textOf(updates: Uint8Array[]): string {
  const doc = new Y.Doc();
  for (const u of updates) Y.applyUpdate(doc, u);
  return doc.getText('t').toString();
}

describe.each(stores)('%s document store', (_name, makeStore) => {
  let store: DocumentStore;
  const key = () => ({ appId: `app-${process.pid}-${counter}`, docId: 'doc' });

  const dbName = `db-${counter++}`;
  beforeAll(() => {
    store = makeStore(dbName);
  });
  afterAll(async () => {
    await store.close();
  });

  it('knows nothing of a document until it is created, and creates it once', async () => {
    const k = { ...key(), docId: 'created' };
    expect(await store.load(k)).toBeUndefined();
    expect(await store.create(k, textUpdate('seed'), 'Title')).toBe(true);
    expect(await store.create(k, textUpdate('second seed'))).toBe(false);
    expect(textOf((await store.load(k))!)).toBe('seed');
    expect(await store.info(k)).toMatchObject({ id: 'created', title: 'Title' });
  });

  it('counts the documents of an app, and of that app only', async () => {
    const appId = `count-${dbName}`;
    expect(await store.countDocuments(appId)).toBe(0);
    await store.create({ appId, docId: 'a' }, textUpdate('a'));
    await store.append({ appId, docId: 'b' }, textUpdate('b'));
    await store.create({ appId: `${appId}-other`, docId: 'c' }, textUpdate('c'));
    expect(await store.countDocuments(appId)).toBe(2);
  });

  it('appends updates in order and merges them on compaction without losing any', async () => {
    const k = { ...key(), docId: 'log' };
    const doc = new Y.Doc();
    for (let i = 0; i < 30; i += 1) {
      const before = Y.encodeStateVector(doc);
      doc.getText('t').insert(doc.getText('t').length, `${i},`);
      await store.append(k, Y.encodeStateAsUpdate(doc, before));
    }
    expect(await store.rowCount(k)).toBe(30);
    expect(await store.compact(k, Y.mergeUpdates, 50)).toBe(false);
    expect(await store.compact(k, Y.mergeUpdates, 10)).toBe(true);
    expect(await store.rowCount(k)).toBe(1);
    await store.append(k, textUpdate('after', Y.encodeStateAsUpdate(doc)));
    expect(textOf((await store.load(k))!)).toBe(`${doc.getText('t').toString()}after`);
  });

  it('stores appends made at the same moment to many documents, and fails only a bad one among them', async () => {
    const keys = Array.from({ length: 20 }, (_, i) => ({ ...key(), docId: `many-${i}` }));
    const bad = store.append({ ...key(), docId: 'bad' }, null as unknown as Uint8Array);
    const good = keys.map((k, i) => store.append(k, textUpdate(`doc ${i}`)));
    await expect(bad).rejects.toThrow();
    await Promise.all(good);
    for (const [i, k] of keys.entries()) expect(textOf((await store.load(k))!)).toBe(`doc ${i}`);
    expect(await store.load({ ...key(), docId: 'bad' })).toBeUndefined();
  });

  it('merges concurrent appends from two writers instead of overwriting', async () => {
    const k = { ...key(), docId: 'concurrent' };
    const second = makeStore(dbName);
    const a = new Y.Doc();
    const b = new Y.Doc();
    const writes: Promise<void>[] = [];
    for (let i = 0; i < 20; i += 1) {
      a.getText('t').insert(0, 'a');
      b.getText('t').insert(0, 'b');
      writes.push(store.append(k, Y.encodeStateAsUpdate(a)), second.append(k, Y.encodeStateAsUpdate(b)));
      if (i % 7 === 0) writes.push(store.compact(k, Y.mergeUpdates, 2).then(() => undefined));
    }
    await Promise.all(writes);
    await second.close();
    const text = textOf((await store.load(k))!);
    expect(text.replace(/b/g, '')).toHaveLength(20);
    expect(text.replace(/a/g, '')).toHaveLength(20);
  });

  it('lists documents with size and renames them', async () => {
    const appId = `list-${counter}-${Date.now()}`;
    await store.create({ appId, docId: 'one' }, textUpdate('x'));
    await store.create({ appId, docId: 'two' }, textUpdate('yy'));
    expect(await store.rename({ appId, docId: 'two' }, 'Second')).toBe(true);
    expect(await store.rename({ appId, docId: 'nope' }, 'x')).toBe(false);
    const list = await store.list(appId);
    expect(list.map((d) => d.id).sort()).toEqual(['one', 'two']);
    expect(list.find((d) => d.id === 'two')).toMatchObject({ title: 'Second' });
    expect(list.every((d) => d.size > 0 && d.updatedAt instanceof Date)).toBe(true);
  });

  it('keeps the owner a document was created with, and revokes its share links for good (a reopened store too)', async () => {
    const appId = `access-${counter}-${Date.now()}`;
    const owned = { appId, docId: 'owned' };
    expect(await store.access(owned)).toEqual({ owner: undefined, shareGeneration: 0 });
    expect(await store.create(owned, textUpdate('x'), 'Mine', 'u_ana')).toBe(true);
    expect(await store.create(owned, textUpdate('y'), 'Theirs', 'u_eve')).toBe(false);
    expect(await store.access(owned)).toEqual({ owner: 'u_ana', shareGeneration: 0 });
    expect(await store.revokeShares(owned)).toBe(1);
    expect(await store.revokeShares(owned)).toBe(2);
    await store.create({ appId, docId: 'api' }, textUpdate('z'));
    expect(await store.revokeShares({ appId, docId: 'api' })).toBe(1);
    const reopened = makeStore(dbName);
    expect(await reopened.access(owned)).toEqual({ owner: 'u_ana', shareGeneration: 2 });
    expect(await reopened.access({ appId, docId: 'api' })).toEqual({ owner: undefined, shareGeneration: 1 });
    const list = await reopened.list(appId);
    expect(list.find((d) => d.id === 'owned')).toMatchObject({ owner: 'u_ana' });
    expect(list.find((d) => d.id === 'api')).not.toHaveProperty('owner');
    await reopened.close();
  });

  it('keeps versions per document, newest first, with their content; thins them atomically', async () => {
    const appId = `versions-${counter}-${Date.now()}`;
    const k = { appId, docId: 'history' };
    const other = { appId, docId: 'elsewhere' };
    await store.create(k, textUpdate('v'));
    const at = (minutes: number) => new Date(Date.UTC(2026, 0, 1, 12, minutes));
    const version = (id: string, minutes: number, extra: Partial<NewVersion> = {}): NewVersion => ({
      id, kind: 'auto', name: null, createdAt: at(minutes), authors: [{ id: 'u_ana', name: 'Ana', color: '#d64545' }],
      restoredFrom: null, changes: `{"n":${minutes}}`, state: textUpdate(id), ...extra,
    });
    await store.addVersion(k, version('first', 1));
    await store.addVersion(k, version('named', 2, { kind: 'named', name: 'Draft', authors: [] }));
    await store.addVersion(k, version('restored', 3, { kind: 'restore', restoredFrom: 'first' }));
    await store.addVersion(other, version('first', 1));
    expect(await store.listVersions({ appId, docId: 'none' })).toEqual([]);

    const list = await store.listVersions(k);
    expect(list.map((v) => [v.id, v.kind, v.name, v.restoredFrom])).toEqual([
      ['restored', 'restore', null, 'first'], ['named', 'named', 'Draft', null], ['first', 'auto', null, null],
    ]);
    expect(list[2]).toMatchObject({ createdAt: at(1), authors: [{ id: 'u_ana', name: 'Ana', color: '#d64545' }], changes: '{"n":1}' });
    expect(list.every((v) => v.size > 0)).toBe(true);
    expect(textOf([(await store.readVersion(k, 'named'))!])).toBe('named');
    expect(await store.readVersion(k, 'missing')).toBeUndefined();
    await expect(store.addVersion(k, version('first', 4))).rejects.toThrow();

    const plan = await store.pruneVersions(k, (versions) => {
      expect(versions.map((v) => v.id)).toEqual(['restored', 'named', 'first']);
      return { drop: ['first'], rewrite: [{ id: 'named', authors: [{ id: 'u_bo' }], changes: '{"folded":true}' }] };
    });
    expect(plan.drop).toEqual(['first']);
    const reopened = makeStore(dbName);
    expect((await reopened.listVersions(k)).map((v) => [v.id, v.authors, v.changes])).toEqual([
      ['restored', [{ id: 'u_ana', name: 'Ana', color: '#d64545' }], '{"n":3}'], ['named', [{ id: 'u_bo' }], '{"folded":true}'],
    ]);
    expect((await reopened.listVersions(other)).map((v) => v.id)).toEqual(['first']);
    await reopened.close();
  });
});
