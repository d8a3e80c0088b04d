/** The edits a client sends again first after a reconnect: the ones not yet confirmed stored, and only those. */
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { SaveTracker } from '../../../client/collab/save-tracker.js';
import { UnconfirmedEdits } from '../../../client/collab/unconfirmed.js';

/** A client wired as the provider wires it: each local update recorded, and kept until confirmed. */
function editor() {
  const doc = new Y.Doc();
  const tracker = new SaveTracker();
  const unconfirmed = new UnconfirmedEdits();
  doc.on('update', (update: Uint8Array) => {
    tracker.recordLocal(update);
    unconfirmed.add(update, tracker.version);
  });
  const text = doc.getText('t');
  const type = (s: string): void => text.insert(text.length, s);
  const confirm = (ack: number): void => {
    // A node that stored the batch numbered `ack`; its state vector says nothing of ours.
    tracker.confirm(new Map(), ack);
    unconfirmed.confirmThrough(tracker.confirmedThrough);
  };
  return { doc, tracker, unconfirmed, type, confirm };
}

/** The lowest and highest clock (exclusive) of the structs in an update. */
function clockRange(update: Uint8Array): [number, number] {
  const { structs } = Y.decodeUpdate(update);
  return [Math.min(...structs.map((s) => s.id.clock)), Math.max(...structs.map((s) => s.id.clock + s.length))];
}

describe('unconfirmed edits', () => {
  it('keeps only what is in flight for an editor who never pauses', () => {
    const { doc, tracker, unconfirmed, type, confirm } = editor();
    let previousAck: number | undefined;
    let inFlightFrom = 0;
    // 50 batches of 10 keystrokes; each batch is confirmed once the next one is on its way.
    for (let batch = 0; batch < 50; batch += 1) {
      const clockBefore = Y.getState(doc.store, doc.clientID);
      for (let key = 0; key < 10; key += 1) type('x');
      const ack = tracker.nextAckNumber();
      if (previousAck !== undefined) confirm(previousAck);
      previousAck = ack;
      inFlightFrom = clockBefore;
    }
    expect(tracker.hasUnsaved).toBe(true);
    // The last batch, whole, and nothing of the 490 keystrokes stored before it.
    expect(clockRange(unconfirmed.merged()!)).toEqual([inFlightFrom, Y.getState(doc.store, doc.clientID)]);
  });

  it('keeps edits made after the confirmed batch, merged or not', () => {
    const { doc, tracker, unconfirmed, type, confirm } = editor();
    type('stored');
    const ack = tracker.nextAckNumber();
    const storedUpTo = Y.getState(doc.store, doc.clientID);
    // More than the merge threshold of edits after it, so they are merged while unconfirmed.
    for (let key = 0; key < 100; key += 1) type('y');
    confirm(ack);
    // A merge holds the newest version of what it merged: it stays until all of it is confirmed.
    const [from, to] = clockRange(unconfirmed.merged()!);
    expect(from).toBeLessThanOrEqual(storedUpTo);
    expect(to).toBe(Y.getState(doc.store, doc.clientID));
    confirm(tracker.nextAckNumber());
    expect(unconfirmed.merged()).toBeUndefined();
  });
});
