import { describe, expect, it } from 'vitest';
import { allowsClientEvents, channelKind, channelNameProblem, isCacheChannel, isInternalChannel, needsAuth, userChannelOwner } from '../../../shared/pusher/channels.js';

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

describe('reserved and cache channels', () => {
  it.each([
    ['#server-to-user-ana', 'ana'],
    ['#server-to-user-a_b=c@d,e.f;g-1', 'a_b=c@d,e.f;g-1'],
    ['#server-to-user-', undefined],
    ['#server-to-user-has space', undefined],
    ['#server-to-userana', undefined],
    ['server-to-user-ana', undefined],
  ])('%s belongs to %s', (name, owner) => {
    expect(userChannelOwner(name)).toBe(owner);
  });

  it('keeps a user channel within the name length limit', () => {
    expect(userChannelOwner(`#server-to-user-${'a'.repeat(10)}`, 20)).toBeUndefined();
  });

  it('knows # names as the server\'s own', () => {
    expect(isInternalChannel('#anything')).toBe(true);
    expect(isInternalChannel('news#1')).toBe(false);
  });

  it.each([
    ['cache-x', true], ['private-cache-x', true], ['presence-cache-x', true], ['private-encrypted-cache-x', true],
    ['cache', false], ['caches-x', false], ['private-x', false], ['presence-cachex', false], ['news-cache-x', false],
  ] as const)('%s is a cache channel: %s', (name, cache) => {
    expect(isCacheChannel(name)).toBe(cache);
  });
});
