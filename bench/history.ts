/**
 * Version history on a long-lived document: 100,000 edits by three people
 * through the headless Lexical editor (typing on from where one is,
 * deleting, moving, new and removed paragraphs), an automatic version every 500 edits spread over 90 days
 * (one named in ten), stored through the real VersionLog and SQLite store,
 * thinned as the server thins them. Measures what versions cost to take and
 * keep, what the room's document keeps for rescues, and how long a diff, a
 * restore and an export take at the end. CHORUS_BENCH_HISTORY_EDITS to change
 * the number of edits.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { $createParagraphNode, $createTextNode, $getRoot, $isTextNode, type ElementNode } from 'lexical';
import * as Y from 'yjs';
import { Attribution, ChangeRecorder, parseChanges } from '../server/collab/history/changes.js';
import { diffStates } from '../server/collab/history/diff.js';
import { collectAllButContainers } from '../server/collab/history/orphans.js';
import { restoreChange } from '../server/collab/history/restore.js';
import { VersionLog } from '../server/collab/history/version-log.js';
import { exportDocument, seedDocument } from '../server/collab/lexical/convert.js';
import { bindHeadless, settle, type BoundEditor } from '../server/collab/lexical/headless.js';
import { SqliteStore } from '../server/collab/sqlite-store.js';
import { createCapturingLogger } from '../server/observability/log.js';
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

/** Where a person is typing: the block (by index) and the offset in its text. */
interface Caret { block: number; offset: number }

/**
 * One edit as a person makes it in the editor: mostly typing on from where
 * they are, some deleting, now and then moving elsewhere, and a paragraph
 * added or removed.
 */
function edit(bound: BoundEditor, caret: Caret, next: () => number): void {
  bound.editor.update(() => {
    const blocks = $getRoot().getChildren<ElementNode>();
    if (caret.block >= blocks.length || next() < 0.05) caret.block = Math.floor(next() * blocks.length);
    const block = blocks[caret.block]!;
    const text = block.getFirstChild();
    const size = $isTextNode(text) ? text.getTextContentSize() : 0;
    if (caret.offset > size || next() < 0.05) caret.offset = Math.floor(next() * (size + 1));
    const roll = next();
    if (roll < 0.005 && blocks.length > 3) {
      block.remove();
      caret.block = 0;
    } else if (roll < 0.02) {
      block.insertAfter($createParagraphNode().append($createTextNode('New ')));
      caret.block += 1;
      caret.offset = 4;
    } else if (!$isTextNode(text)) {
      block.append($createTextNode('Typed '));
    } else if (roll < 0.2 && caret.offset > 0) {
      text.spliceText(caret.offset - 1, 1, '');
      caret.offset -= 1;
    } else {
      text.spliceText(caret.offset, 0, 'etaoin shrdlu'[Math.floor(next() * 13)]!);
      caret.offset += 1;
    }
  }, { discrete: true });
  settle(bound.editor);
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
  const editors = PEOPLE.map(() => bindHeadless(seed));
  const carets = PEOPLE.map(() => ({ block: 0, offset: 0 }));
  const next = random(42);
  const totalVersions = Math.ceil(edits / VERSION_EVERY);
  const takeTimes: number[] = [];
  const rawSizes: number[] = [];
  let taken = 0;
  let authors = new Set<string>();
  const started = performance.now();

  for (let i = 0; i < edits; i += 1) {
    const who = Math.floor(i / VERSION_EVERY) % PEOPLE.length;
    const bound = editors[who]!;
    if (i % VERSION_EVERY === 0) Y.applyUpdate(bound.doc, Y.encodeStateAsUpdate(room, Y.encodeStateVector(bound.doc)));
    const before = Y.encodeStateVector(bound.doc);
    edit(bound, carets[who]!, next);
    const update = Y.encodeStateAsUpdate(bound.doc, before);
    Y.applyUpdate(room, update, PEOPLE[who]);
    Y.applyUpdate(plain, update);
    authors.add(PEOPLE[who]!);
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
  editors.forEach((bound) => bound.dispose());

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
    `One document, ${edits.toLocaleString('en-US')} edits by three people through the headless Lexical editor (typing, deleting,`,
    `adding and removing paragraphs) in ${(editingMs / 1000).toFixed(1)} s, an automatic version every ${VERSION_EVERY} edits`,
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
