import { threadId } from 'node:worker_threads';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { DOC_ROOT } from '../../../shared/editor/doc-root.js';
import { NO_CHANGES } from '../../../server/collab/history/changes.js';
import { diffStates } from '../../../server/collab/history/diff.js';
import { Attribution } from '../../../server/collab/history/changes.js';
import { HistoryBusy, historyThread } from '../../../server/collab/history/history-thread.js';

/** Two states of one document: a paragraph, then the same with more text. */
function states(): { before: Uint8Array; after: Uint8Array } {
  const doc = new Y.Doc();
  const root = doc.get(DOC_ROOT, Y.XmlText);
  const paragraph = new Y.XmlText();
  root.insertEmbed(0, paragraph);
  paragraph.insert(0, 'Hello');
  const before = Y.encodeStateAsUpdate(doc);
  paragraph.insert(5, ', world');
  return { before, after: Y.encodeStateAsUpdate(doc) };
}

/** The text of a document made of `state` alone. */
function restoredText(state: Uint8Array): string {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  return doc.get(DOC_ROOT, Y.XmlText).toString();
}

describe('the history thread', () => {
  it('computes the same diff as the function it runs, off the event loop', async () => {
    const { before, after } = states();
    const diff = await historyThread.diff(before, after, NO_CHANGES);
    expect(historyThread.lastAnsweredBy).toBeTypeOf('number');
    expect(historyThread.lastAnsweredBy).not.toBe(threadId); // computed on another thread, not this one
    expect(diff).toEqual(diffStates(before, after, new Attribution(NO_CHANGES)));
    expect(JSON.stringify(diff)).toContain(', world');
  });

  it('computes a restore off the event loop: the change makes the document equal the version', async () => {
    const { before, after } = states();
    const doc = new Y.Doc();
    Y.applyUpdate(doc, after);
    const change = await historyThread.restore(Y.encodeStateAsUpdate(doc), before);
    expect(historyThread.lastAnsweredBy).toBeTypeOf('number');
    expect(historyThread.lastAnsweredBy).not.toBe(threadId); // computed on another thread, not this one
    Y.applyUpdate(doc, change);
    expect(doc.get(DOC_ROOT, Y.XmlText).toString()).toBe(restoredText(before));
  });

  it('refuses a diff of bytes that are not a document, and keeps answering', async () => {
    const { before, after } = states();
    await expect(historyThread.diff(before, new Uint8Array([255, 255, 255, 7]), NO_CHANGES)).rejects.toThrow();
    expect(JSON.stringify(await historyThread.diff(before, after, NO_CHANGES))).toContain(', world');
  });

  it('takes a bounded number of diffs at a time, and refuses the rest as busy', async () => {
    const { before, after } = states();
    const asked = Array.from({ length: 20 }, () => historyThread.diff(before, after, NO_CHANGES));
    const results = await Promise.allSettled(asked);
    const refused = results.filter((r) => r.status === 'rejected');
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(16);
    expect(refused).toHaveLength(4);
    expect(refused.every((r) => (r as PromiseRejectedResult).reason instanceof HistoryBusy)).toBe(true);
  });
});
