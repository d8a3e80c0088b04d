import * as Y from 'yjs';
import { describe, expect, it, vi } from 'vitest';
import { isEmptyStateVector, WholeStateFrames } from '../../../server/collab/whole-state.js';

describe('the frames kept for newcomers', () => {
  it('are kept per offer until the document changes', () => {
    const kept = new WholeStateFrames();
    const deflated = Promise.resolve([Buffer.from('deflated')]);
    kept.keep(true, deflated);
    expect(kept.kept(true)).toBe(deflated);
    expect(kept.kept(false)).toBeUndefined();
    kept.changed();
    expect(kept.kept(true)).toBeUndefined();
  });

  it('are not kept when building them failed, so the next newcomer builds them again', async () => {
    const kept = new WholeStateFrames();
    const failed = Promise.reject(new Error('deflate failed'));
    kept.keep(true, failed);
    await expect(failed).rejects.toThrow();
    expect(kept.kept(true)).toBeUndefined();
  });

  it('are dropped after a while even when nothing changes', () => {
    vi.useFakeTimers();
    try {
      const kept = new WholeStateFrames(1000);
      kept.keep(false, Promise.resolve([]));
      vi.advanceTimersByTime(999);
      expect(kept.kept(false)).toBeDefined();
      vi.advanceTimersByTime(1);
      expect(kept.kept(false)).toBeUndefined();
    } finally {
      vi.useRealTimers();
    }
  });

  it('are only for a client that holds nothing', () => {
    expect(isEmptyStateVector(Y.encodeStateVector(new Y.Doc()))).toBe(true);
    const doc = new Y.Doc();
    doc.getText('t').insert(0, 'x');
    expect(isEmptyStateVector(Y.encodeStateVector(doc))).toBe(false);
  });
});
