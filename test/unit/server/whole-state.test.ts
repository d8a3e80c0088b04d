import * as Y from 'yjs';
import { describe, expect, it, vi } from 'vitest';
import { isEmptyStateVector, WholeStateFrames, type WholeStateAnswer } from '../../../server/collab/whole-state.js';

function answer(bytes: number): Promise<WholeStateAnswer> {
  const frame = Buffer.alloc(bytes);
  return Promise.resolve({ frames: () => [frame], bytes });
}

describe('the answer kept for newcomers', () => {
  it('is kept per offer until the document changes', () => {
    const kept = new WholeStateFrames();
    const deflated = answer(10);
    kept.keep(true, deflated);
    expect(kept.kept(true)).toBe(deflated);
    expect(kept.kept(false)).toBeUndefined();
    kept.changed();
    expect(kept.kept(true)).toBeUndefined();
  });

  it('is not kept when building it failed, so the next newcomer builds it again', async () => {
    const kept = new WholeStateFrames();
    const failed = Promise.reject(new Error('deflate failed'));
    kept.keep(true, failed);
    await expect(failed).rejects.toThrow();
    expect(kept.kept(true)).toBeUndefined();
  });

  it('is not kept when larger than its limit', async () => {
    const kept = new WholeStateFrames(10_000, 100);
    const small = answer(100);
    const large = answer(101);
    kept.keep(true, small);
    kept.keep(false, large);
    await Promise.all([small, large]);
    expect(kept.kept(true)).toBe(small);
    expect(kept.kept(false)).toBeUndefined();
  });

  it('is dropped after a while even when nothing changes', () => {
    vi.useFakeTimers();
    try {
      const kept = new WholeStateFrames(1000);
      kept.keep(false, answer(1));
      vi.advanceTimersByTime(999);
      expect(kept.kept(false)).toBeDefined();
      vi.advanceTimersByTime(1);
      expect(kept.kept(false)).toBeUndefined();
    } finally {
      vi.useRealTimers();
    }
  });

  it('is only for a client that holds nothing', () => {
    expect(isEmptyStateVector(Y.encodeStateVector(new Y.Doc()))).toBe(true);
    const doc = new Y.Doc();
    doc.getText('t').insert(0, 'x');
    expect(isEmptyStateVector(Y.encodeStateVector(doc))).toBe(false);
  });
});
