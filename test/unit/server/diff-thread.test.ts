import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { DOC_ROOT } from '../../../shared/editor/doc-root.js';
import { NO_CHANGES } from '../../../server/collab/history/changes.js';
import { diffStates } from '../../../server/collab/history/diff.js';
import { Attribution } from '../../../server/collab/history/changes.js';
import { DiffsBusy, diffThread } from '../../../server/collab/history/diff-thread.js';

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

describe('the diff thread', () => {
  it('computes the same diff as the function it runs, off the event loop', async () => {
    const { before, after } = states();
    let turned = false;
    setImmediate(() => { turned = true; });
    const diff = await diffThread.diff(before, after, NO_CHANGES);
    // Answered by another thread: the event loop turned while it worked (a diff made here would resolve first).
    expect(turned).toBe(true);
    expect(diff).toEqual(diffStates(before, after, new Attribution(NO_CHANGES)));
    expect(JSON.stringify(diff)).toContain(', world');
  });

  it('refuses a diff of bytes that are not a document, and keeps answering', async () => {
    const { before, after } = states();
    await expect(diffThread.diff(before, new Uint8Array([255, 255, 255, 7]), NO_CHANGES)).rejects.toThrow();
    expect(JSON.stringify(await diffThread.diff(before, after, NO_CHANGES))).toContain(', world');
  });

  it('takes a bounded number of diffs at a time, and refuses the rest as busy', async () => {
    const { before, after } = states();
    const asked = Array.from({ length: 20 }, () => diffThread.diff(before, after, NO_CHANGES));
    const results = await Promise.allSettled(asked);
    const refused = results.filter((r) => r.status === 'rejected');
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(16);
    expect(refused).toHaveLength(4);
    expect(refused.every((r) => (r as PromiseRejectedResult).reason instanceof DiffsBusy)).toBe(true);
  });
});
