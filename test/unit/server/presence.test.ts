import { describe, expect, it } from 'vitest';
import { PresenceRoster, presencePayload } from '../../../server/channels/presence.js';

describe('PresenceRoster', () => {
  it('adds a user once however many sockets, removes with the last socket', () => {
    const roster = new PresenceRoster();
    expect(roster.add('s1', { userId: 'u', userInfo: { n: 1 } })).toEqual({ userId: 'u', userInfo: { n: 1 } });
    expect(roster.add('s2', { userId: 'u', userInfo: { n: 2 } })).toBeUndefined();
    expect(roster.count).toBe(1);
    expect(roster.remove('s1')).toBeUndefined();
    expect(roster.remove('s2')).toBe('u');
    expect(roster.count).toBe(0);
  });

  it('ignores sockets it does not know', () => {
    const roster = new PresenceRoster();
    expect(roster.remove('nobody')).toBeUndefined();
  });

  it('builds the subscription payload with ids, hash and count, keeping first info', () => {
    const roster = new PresenceRoster();
    roster.add('s1', { userId: 'a', userInfo: { name: 'A' } });
    roster.add('s2', { userId: 'b', userInfo: undefined });
    roster.add('s3', { userId: 'a', userInfo: { name: 'A2' } });
    const { presence } = presencePayload(roster.infos());
    expect(presence.ids).toEqual(['a', 'b']);
    expect(presence.count).toBe(2);
    expect(JSON.parse(JSON.stringify(presence.hash))).toEqual({ a: { name: 'A' }, b: {} });
  });
});
