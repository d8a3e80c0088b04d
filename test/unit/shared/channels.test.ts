import { describe, expect, it } from 'vitest';
import { allowsClientEvents, channelKind, channelNameProblem, needsAuth } from '../../../shared/pusher/channels.js';

describe('channel names', () => {
  it.each(['news', 'private-a', 'presence-doc.abc_1', 'a-b_c=d@e,f.g;h', 'x'.repeat(200)])('accepts %s', (name) => {
    expect(channelNameProblem(name)).toBeUndefined();
  });

  it.each([
    ['', 'missing'],
    ['x'.repeat(201), 'longer than 200'],
    ['has space', 'may only contain'],
    ['#server-to-user-1', 'may only contain'],
    ['emoji-😀', 'may only contain'],
  ])('refuses %j', (name, reason) => {
    expect(channelNameProblem(name)).toContain(reason);
  });

  it('refuses non-strings', () => {
    expect(channelNameProblem(5)).toContain('missing');
    expect(channelNameProblem(undefined)).toContain('missing');
  });

  it('honours a custom length limit', () => {
    expect(channelNameProblem('abcdef', 5)).toContain('longer than 5');
  });
});

describe('channel kinds', () => {
  it.each([
    ['news', 'public', false, false],
    ['private-a', 'private', true, true],
    ['private-encrypted-a', 'encrypted', true, false],
    ['presence-a', 'presence', true, true],
  ] as const)('%s is %s', (name, kind, auth, clientEvents) => {
    expect(channelKind(name)).toBe(kind);
    expect(needsAuth(channelKind(name))).toBe(auth);
    expect(allowsClientEvents(channelKind(name))).toBe(clientEvents);
  });
});
