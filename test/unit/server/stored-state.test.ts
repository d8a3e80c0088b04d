import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { DocMember } from '../../../server/collab/member.js';
import { clocksNeeded, isIntegrated, parseRanges, rangesOf, StoredState } from '../../../server/collab/stored-state.js';
import type { Session } from '../../../server/pusher/session.js';

/** A writer whose every change is recorded as its own update. */
function writer(): { doc: Y.Doc; updates: Uint8Array[]; text: Y.Text } {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  return { doc, updates, text: doc.getText('t') };
}

describe('what a node knows is stored', () => {
  it('covers what it loaded, and nothing a later edit adds or deletes', () => {
    const w = writer();
    w.text.insert(0, 'hello world');
    const loaded = new Y.Doc();
    Y.applyUpdate(loaded, Y.encodeStateAsUpdate(w.doc));
    const stored = new StoredState(loaded);
    expect(stored.covers(Y.decodeUpdate(w.updates[0]!))).toBe(true);
    w.text.insert(11, '!');
    expect(stored.covers(Y.decodeUpdate(w.updates[1]!))).toBe(false);
    w.text.delete(0, 6);
    // A deletion never moves the state vector: only the delete set tells it is not stored.
    expect(stored.covers(Y.decodeUpdate(w.updates[2]!))).toBe(false);
    expect(stored.stateVector()).toEqual(new Map([[w.doc.clientID, 11]]));
  });

  it('grows with what is written, and counts a stretch written after a gap once the gap is written', () => {
    const w = writer();
    const stored = new StoredState(new Y.Doc());
    w.text.insert(0, 'a');
    w.text.insert(1, 'b');
    w.text.insert(2, 'c');
    stored.add(rangesOf(Y.decodeUpdate(w.updates[2]!)));
    expect(stored.stateVector().get(w.doc.clientID)).toBeUndefined();
    expect(stored.covers(Y.decodeUpdate(w.updates[2]!))).toBe(true);
    const added = stored.add(rangesOf(Y.decodeUpdate(Y.mergeUpdates([w.updates[0]!, w.updates[1]!, w.updates[2]!]))));
    expect(stored.stateVector().get(w.doc.clientID)).toBe(3);
    // Only what was not known yet is reported (and told to the other nodes).
    expect(added.inserts.map(([, start, end]) => [start, end])).toEqual([[0, 1], [1, 2]]);
    expect(stored.add(rangesOf(Y.decodeUpdate(w.updates[1]!)))).toEqual({ inserts: [], deletes: [] });
    w.text.delete(1, 1);
    stored.add(rangesOf(Y.decodeUpdate(w.updates[3]!)));
    expect(stored.covers(Y.decodeUpdate(Y.encodeStateAsUpdate(w.doc)))).toBe(true);
  });

  it('takes another node\'s ranges as JSON and refuses malformed ones', () => {
    const w = writer();
    w.text.insert(0, 'xyz');
    w.text.delete(0, 1);
    const ranges = parseRanges(JSON.stringify({ store: 's1', ...rangesOf(Y.decodeUpdate(Y.encodeStateAsUpdate(w.doc))) }));
    expect(ranges?.store).toBe('s1');
    const stored = new StoredState(new Y.Doc());
    stored.add(ranges!);
    expect(stored.covers(Y.decodeUpdate(Y.encodeStateAsUpdate(w.doc)))).toBe(true);
    for (const bad of ['nope', '{}', '{"inserts":[],"deletes":[]}', '{"store":"s","inserts":[[1,2]],"deletes":[]}', '{"store":"s","inserts":[[1,-2,3]],"deletes":[]}', '{"store":"s","inserts":[],"deletes":[["a",1,1]]}']) {
      expect(parseRanges(bad)).toBeUndefined();
    }
  });

  it('knows when an update waits for a missing dependency', () => {
    const w = writer();
    w.text.insert(0, 'first');
    w.text.insert(5, ' second');
    const doc = new Y.Doc();
    const second = Y.decodeUpdate(w.updates[1]!);
    Y.applyUpdate(doc, w.updates[1]!);
    expect(isIntegrated(doc, clocksNeeded(second))).toBe(false);
    Y.applyUpdate(doc, w.updates[0]!);
    expect(isIntegrated(doc, clocksNeeded(second))).toBe(true);
  });
});

describe('a member\'s acknowledgements', () => {
  function member(): DocMember {
    return new DocMember({ socketId: '1.1' } as Session, 'editor', 'ana', { eventRate: 100, partTimeoutMs: 60_000 });
  }

  it('holds back every later number while an update waits, and folds the overflow instead of refusing it', () => {
    const w = writer();
    w.text.insert(0, 'a');
    w.text.insert(1, 'b');
    const doc = new Y.Doc();
    const ana = member();
    const needsSecond = clocksNeeded(Y.decodeUpdate(w.updates[1]!));
    for (let ack = 1; ack <= 200; ack += 1) ana.expectAck(ack, ack === 1 ? needsSecond : new Map());
    expect(ana.settleAcks(doc)).toBe(true);
    expect(ana.lastAck).toBe(0);
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(w.doc));
    expect(ana.settleAcks(doc)).toBe(false);
    expect(ana.lastAck).toBe(200);
  });

  it('asks the client for what is missing at most once a second', () => {
    const ana = member();
    expect(ana.shouldAskForMissing(10_000)).toBe(true);
    expect(ana.shouldAskForMissing(10_500)).toBe(false);
    expect(ana.shouldAskForMissing(11_000)).toBe(true);
  });
});
