/** When a client counts its edits saved: yjs-saved's stored state vector and acknowledgement number. */
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { SaveTracker } from '../../../client/collab/save-tracker.js';

/** A client's document whose local updates a tracker records, as the provider does. */
function typingClient(): { doc: Y.Doc; tracker: SaveTracker; type: (text: string) => void } {
  const doc = new Y.Doc();
  const tracker = new SaveTracker();
  doc.on('update', (update: Uint8Array) => tracker.recordLocal(update));
  return { doc, tracker, type: (text) => doc.getText('t').insert(doc.getText('t').length, text) };
}

describe('save tracker', () => {
  it('counts a later edit unsaved while the stored state vector covers only the earlier ones', () => {
    const { doc, tracker, type } = typingClient();
    type('first');
    const storedFirst = Y.decodeStateVector(Y.encodeStateVector(doc));
    tracker.confirm(storedFirst, undefined);
    expect(tracker.hasUnsaved).toBe(false);

    type(' second');
    // What a node says after writing another member's edits: no number of ours, and its store lacks our second edit.
    tracker.confirm(storedFirst, undefined);
    expect(tracker.hasUnsaved).toBe(true);

    tracker.confirm(Y.decodeStateVector(Y.encodeStateVector(doc)), undefined);
    expect(tracker.hasUnsaved).toBe(false);
  });

  it('counts every edit since the last confirmation, not only the first of them', () => {
    const { doc, tracker, type } = typingClient();
    type('a');
    const storedA = Y.decodeStateVector(Y.encodeStateVector(doc));
    type('b');
    type('c');
    tracker.confirm(storedA, undefined);
    expect(tracker.hasUnsaved).toBe(true);
  });

  it('counts edits saved once their acknowledgement number comes back, whatever the state vector', () => {
    const { tracker, type } = typingClient();
    type('first');
    type(' second');
    const ack = tracker.nextAckNumber();
    tracker.confirm(new Map(), ack - 1);
    expect(tracker.hasUnsaved).toBe(true);
    tracker.confirm(new Map(), ack);
    expect(tracker.hasUnsaved).toBe(false);
  });
});
