/**
 * Version history on a long-lived document: 100,000 edits by three people,
 * each their own Yjs client writing as the editor writes (typing on from
 * where one is, deleting, moving, new and removed paragraphs), an automatic
 * version every 500 edits spread over 90 days
 * (one named in ten), stored through the real VersionLog and SQLite store,
 * thinned as the server thins them. Measures what versions cost to take and
 * keep, what the room's document keeps for rescues, and how long a diff, a
 * restore and an export take at the end. CHORUS_BENCH_HISTORY_EDITS to change
 * the number of edits.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Y from 'yjs';
import { Attribution, ChangeRecorder, parseChanges } from '../server/collab/history/changes.js';
import { diffStates } from '../server/collab/history/diff.js';
import { collectAllButContainers } from '../server/collab/history/orphans.js';
import { restoreChange } from '../shared/history/restore.js';
import { VersionLog } from '../server/collab/history/version-log.js';
import { exportDocument, seedDocument } from '../server/collab/lexical/convert.js';
import { SqliteStore } from '../server/collab/sqlite-store.js';
import { createCapturingLogger } from '../server/observability/log.js';
import { DOC_ROOT } from '../shared/editor/nodes.js';
import { bytes, ms, summarise, table } from './lib/stats.js';

const VERSION_EVERY = 500;
const NAMED_EVERY = 10;
const DAYS = 90;
const LIMITS = { maxNamed: 100, maxAutomatic: 100, maxBytes: 128 * 1024 * 1024 };
const KEY = { appId: 'bench', docId: 'long-lived' };
const PEOPLE = ['ana', 'bo', 'cy'];

/** A small seeded generator, so every run makes the same edits. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

/** Where a person is typing: a block, and the offset in its text. */
interface Caret { block: Y.XmlText | undefined; offset: number }

const PARAGRAPH = { __type: 'paragraph', __format: 0, __style: '', __indent: 0, __dir: null, __textFormat: 0, __textStyle: '' };
const TEXT = { __type: 'text', __format: 0, __style: '', __mode: 0, __detail: 0 };

/** The blocks of a document as @lexical/yjs lays them out: XmlTexts embedded in the root one. */
function blocksOf(doc: Y.Doc): Y.XmlText[] {
  return (doc.get(DOC_ROOT, Y.XmlText).toDelta() as Array<{ insert: unknown }>).map((op) => op.insert).filter((b): b is Y.XmlText => b instanceof Y.XmlText);
}

/** A paragraph as the editor writes one: its attributes, then a text node (a map of its properties) and its text. */
function insertParagraph(root: Y.XmlText, index: number, text: string): Y.XmlText {
  const block = new Y.XmlText();
  root.insertEmbed(index, block);
  for (const [key, value] of Object.entries(PARAGRAPH)) block.setAttribute(key, value as string);
  const node = new Y.Map<unknown>();
  block.insertEmbed(0, node);
  for (const [key, value] of Object.entries(TEXT)) node.set(key, value);
  block.insert(1, text);
  return block;
}

/**
 * One edit as a person's editor writes it to the document (in @lexical/yjs's
 * layout, without running Lexical for each keystroke): mostly typing on from
 * where they are, some deleting, now and then moving elsewhere, and a
 * paragraph added or removed.
 */
function edit(doc: Y.Doc, caret: Caret, next: () => number): void {
  const root = doc.get(DOC_ROOT, Y.XmlText);
  doc.transact(() => {
    if (!caret.block || caret.block._item?.deleted || next() < 0.05) {
      const blocks = blocksOf(doc);
      caret.block = blocks[Math.floor(next() * blocks.length)]!;
      caret.offset = Math.floor(next() * caret.block.length);
    }
    const block = caret.block;
    const size = block.length - 1; // the text node's map comes first
    caret.offset = Math.min(caret.offset, size);
    const roll = next();
    if (roll < 0.025) {
      const blocks = blocksOf(doc);
      const index = blocks.indexOf(block);
      if (roll < 0.005 && blocks.length > 3) {
        root.delete(index, 1);
        caret.block = undefined;
      } else {
        caret.block = insertParagraph(root, index + 1, 'New ');
        caret.offset = 4;
      }
    } else if (roll < 0.2 && caret.offset > 0) {
      block.delete(caret.offset, 1);
      caret.offset -= 1;
    } else {
      block.insert(1 + caret.offset, 'etaoin shrdlu'[Math.floor(next() * 13)]!);
      caret.offset += 1;
    }
  });
}

export async function historyBenchmark(log: (line: string) => void, edits = Number(process.env.CHORUS_BENCH_HISTORY_EDITS ?? 100_000)): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'chorus-history-'));
  const store = new SqliteStore(join(dir, 'history.db'));
  const versions = new VersionLog(store, LIMITS, createCapturingLogger('error'));
  try {
    return await run(log, edits, store, versions, dir);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function run(log: (line: string) => void, edits: number, store: SqliteStore, versions: VersionLog, dir: string): Promise<string> {
  const seed = seedDocument('A long-lived document\nIts first paragraph');
  // The room's document keeps deleted blocks as empty items (for rescues); a plain one beside it shows what that costs.
  const room = new Y.Doc({ gcFilter: collectAllButContainers });
  const plain = new Y.Doc();
  Y.applyUpdate(room, seed);
  Y.applyUpdate(plain, seed);
  const recorder = new ChangeRecorder();
  room.on('afterTransaction', (tr: Y.Transaction) => void recorder.record(tr.origin as string, tr));
  const editors = PEOPLE.map(() => {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, seed);
    return doc;
  });
  const carets: Caret[] = PEOPLE.map(() => ({ block: undefined, offset: 0 }));
  const next = random(42);
  const totalVersions = Math.ceil(edits / VERSION_EVERY);
  const takeTimes: number[] = [];
  const rawSizes: number[] = [];
  let taken = 0;
  let authors = new Set<string>();
  const started = performance.now();

  for (let i = 0; i < edits; i += 1) {
    const who = Math.floor(i / VERSION_EVERY) % PEOPLE.length;
    const doc = editors[who]!;
    if (i % VERSION_EVERY === 0) Y.applyUpdate(doc, Y.encodeStateAsUpdate(room, Y.encodeStateVector(doc)));
    // The edit's own update, as a provider sends it (encoding the doc's state would walk all of it each time).
    let update: Uint8Array | undefined;
    const take = (u: Uint8Array): void => void (update = u);
    doc.on('update', take);
    edit(doc, carets[who]!, next);
    doc.off('update', take);
    if (update) {
      Y.applyUpdate(room, update, PEOPLE[who]);
      Y.applyUpdate(plain, update);
      authors.add(PEOPLE[who]!);
    }
    if ((i + 1) % VERSION_EVERY === 0 || i + 1 === edits) {
      taken += 1;
      const state = Y.encodeStateAsUpdate(room);
      rawSizes.push(state.length);
      const takenAt = new Date(Date.now() - ((totalVersions - taken) * DAYS * 86_400_000) / totalVersions);
      const at = performance.now();
      await versions.add(KEY, {
        kind: taken % NAMED_EVERY === 0 ? 'named' : 'auto', ...(taken % NAMED_EVERY === 0 ? { name: `Milestone ${taken / NAMED_EVERY}` } : {}),
        authors: [...authors].map((id) => ({ id })), changes: recorder.current(), state, takenAt,
      });
      takeTimes.push(performance.now() - at);
      recorder.reset();
      authors = new Set();
      if (taken % 40 === 0) log(`history: ${i + 1} edits, ${taken} versions taken`);
    }
  }
  const editingMs = performance.now() - started;
  editors.forEach((doc) => doc.destroy());

  const kept = await versions.list(KEY);
  const keptBytes = kept.reduce((total, v) => total + v.size, 0);
  const named = kept.filter((v) => v.kind === 'named').length;
  const newest = kept[0]!;
  const previous = kept[1]!;
  const oldest = kept[kept.length - 1]!;
  const stateOf = async (id: string): Promise<Uint8Array> => (await versions.state(KEY, id))!;
  const timed = async <T>(work: () => T | Promise<T>): Promise<[T, number]> => {
    const at = performance.now();
    const result = await work();
    return [result, performance.now() - at];
  };
  const [newestState, readMs] = await timed(() => stateOf(newest.id));
  const previousState = await stateOf(previous.id);
  const oldestState = await stateOf(oldest.id);
  // Once before timing, so that neither figure includes compiling the code.
  diffStates(oldestState, previousState, new Attribution(parseChanges(previous.changes)));
  const [, diffMs] = await timed(() => diffStates(previousState, newestState, new Attribution(parseChanges(newest.changes))));
  const [, longDiffMs] = await timed(() => diffStates(oldestState, newestState, new Attribution(parseChanges(newest.changes))));
  const [, exportMs] = await timed(() => exportDocument(oldestState, 'markdown'));
  const [restore, restoreMs] = await timed(() => restoreChange(room, oldestState));
  Y.applyUpdate(room, restore.update);
  const restoredRight = JSON.stringify(exportDocument(Y.encodeStateAsUpdate(room), 'json')) === JSON.stringify(exportDocument(oldestState, 'json'));
  const take = summarise(takeTimes);
  const roomBytes = Y.encodeStateAsUpdate(plain).length;
  const fileBytes = ['history.db', 'history.db-wal'].reduce((total, name) => total + (statSync(join(dir, name), { throwIfNoEntry: false })?.size ?? 0), 0);

  return [
    '## Version history',
    '',
    `One document, ${edits.toLocaleString('en-US')} edits by three people, each their own Yjs client writing as the editor writes`,
    `(typing on, deleting, moving, adding and removing paragraphs; ${(editingMs / 1000).toFixed(1)} s in all), an automatic version every ${VERSION_EVERY} edits`,
    `(${totalVersions} in all, one in ${NAMED_EVERY} named) dated over ${DAYS} days, stored by the real VersionLog in SQLite and`,
    `thinned as the server thins them (limits: ${LIMITS.maxAutomatic} automatic, ${LIMITS.maxNamed} named, ${bytes(LIMITS.maxBytes)}). Command: \`npm run bench -- history\`.`,
    '',
    table(['measure', 'value'], [
      ['document at the end (Yjs state, text length)', `${bytes(rawSizes[rawSizes.length - 1]!)}, ${(exportDocument(newestState, 'text') as string).length.toLocaleString('en-US')} characters`],
      ['the same document without the kept deleted blocks', bytes(roomBytes)],
      ['versions kept / taken', `${kept.length} / ${totalVersions} (${named} named)`],
      ['stored bytes of all kept versions (deflated)', bytes(keptBytes)],
      ['newest version stored / its raw state', `${bytes(newest.size)} / ${bytes(rawSizes[rawSizes.length - 1]!)}`],
      ['SQLite file (versions only)', bytes(fileBytes)],
      [`most this document's versions can take: ${LIMITS.maxAutomatic + LIMITS.maxNamed} versions of the newest one's size, within the byte budget`,
        bytes(Math.min(LIMITS.maxBytes, (LIMITS.maxAutomatic + LIMITS.maxNamed) * newest.size))],
      ['who-changed-what records of the newest version (JSON)', bytes(newest.changes.length)],
      ['taking a version (encode, deflate, store, thin): p50 / p99 / max', `${ms(take.p50)} / ${ms(take.p99)} / ${ms(take.max)}`],
      ['reading the newest version (read, inflate)', ms(readMs)],
      ['diff with the version before it', ms(diffMs)],
      [`diff across ${DAYS} days (oldest kept to newest)`, ms(longDiffMs)],
      ['export of the oldest kept version as Markdown', ms(exportMs)],
      ['restore of the oldest kept version (computing the change)', `${ms(restoreMs)}, a ${bytes(restore.update.length)} update; result equals the version: ${restoredRight ? 'yes' : 'NO'}`],
    ]),
    '',
  ].join('\n');
}
