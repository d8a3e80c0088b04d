import { describe, expect, it } from 'vitest';
import { PresenceView } from '../../../server/channels/presence-view.js';

const list = (entries: [string, unknown][]): Map<string, unknown> => new Map(entries);

describe('PresenceView', () => {
  it('starts from the first subscriber\'s cluster list, and gives every subscriber the list plus itself', () => {
    const view = new PresenceView();
    expect(view.known).toBe(false);
    expect([...view.listFor({ userId: 'a', userInfo: { n: 'a' } }, list([['b', { n: 'b' }]]))]).toEqual([['b', { n: 'b' }], ['a', { n: 'a' }]]);
    expect(view.known).toBe(true);
    // The first subscriber is in the view; later cluster lists are not used: the subscribers hold the view.
    expect([...view.listFor({ userId: 'c', userInfo: {} }, list([['z', {}]])).keys()]).toEqual(['b', 'a', 'c']);
    // The others hear of c from its member_added, which the view must still let through.
    expect(view.apply({ type: 'added', userId: 'c', userInfo: {} })).toBe(true);
  });

  it('tells a change only when it changes the list', () => {
    const view = new PresenceView();
    view.listFor({ userId: 'a', userInfo: {} }, list([['a', {}]]));
    expect(view.apply({ type: 'added', userId: 'b', userInfo: {} })).toBe(true);
    expect(view.apply({ type: 'added', userId: 'b', userInfo: {} })).toBe(false);
    expect(view.apply({ type: 'removed', userId: 'b' })).toBe(true);
    expect(view.apply({ type: 'removed', userId: 'b' })).toBe(false);
  });

  it('lets every change through while nobody holds a list yet', () => {
    expect(new PresenceView().apply({ type: 'removed', userId: 'x' })).toBe(true);
  });

  it('finds the differences with the cluster, removals only when asked for', async () => {
    const view = new PresenceView();
    view.listFor({ userId: 'a', userInfo: {} }, list([['gone', {}]]));
    const truth = async (): Promise<Map<string, unknown>> => list([['a', {}], ['new', { n: 1 }]]);
    expect(await view.differences(truth, false)).toEqual([{ type: 'added', userId: 'new', userInfo: { n: 1 } }]);
    expect(await view.differences(truth, true)).toEqual([{ type: 'added', userId: 'new', userInfo: { n: 1 } }, { type: 'removed', userId: 'gone' }]);
  });

  it('leaves out users whose change arrived while the cluster list was read', async () => {
    const view = new PresenceView();
    view.listFor({ userId: 'a', userInfo: {} }, list([['left', {}]]));
    const truth = async (): Promise<Map<string, unknown>> => {
      view.apply({ type: 'added', userId: 'late', userInfo: {} }); // arrives during the read; the read does not show it
      return list([['a', {}], ['left', {}]]);
    };
    expect(await view.differences(truth, true)).toEqual([]);
  });
});
