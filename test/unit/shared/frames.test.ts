import { describe, expect, it } from 'vitest';
import { dataAsObject, dataAsString, decodeClientFrame, decodeServerFrame, encodeServerFrame } from '../../../shared/pusher/frames.js';

describe('decodeClientFrame', () => {
  it.each([
    ['{"event":"pusher:ping","data":{}}', { ok: true, frame: { event: 'pusher:ping', data: {} } }],
    ['{"event":"client-x","channel":"private-a","data":"{\\"a\\":1}"}', { ok: true, frame: { event: 'client-x', channel: 'private-a', data: '{"a":1}' } }],
    ['{"event":"pusher:ping"}', { ok: true, frame: { event: 'pusher:ping', data: undefined } }],
    ['not json', { ok: false, reason: 'not-json' }],
    ['', { ok: false, reason: 'not-json' }],
    ['null', { ok: false, reason: 'not-object' }],
    ['[{"event":"x"}]', { ok: false, reason: 'not-object' }],
    ['42', { ok: false, reason: 'not-object' }],
    ['{"data":{}}', { ok: false, reason: 'no-event' }],
    ['{"event":""}', { ok: false, reason: 'no-event' }],
    ['{"event":5}', { ok: false, reason: 'no-event' }],
    ['{"event":"client-x","channel":["a"]}', { ok: false, reason: 'bad-channel-field' }],
  ])('decodes %s', (text, expected) => {
    expect(decodeClientFrame(text)).toEqual(expected);
  });
});

describe('data normalisation', () => {
  it('accepts data as an object or as a JSON string', () => {
    expect(dataAsObject({ channel: 'a' })).toEqual({ channel: 'a' });
    expect(dataAsObject('{"channel":"a"}')).toEqual({ channel: 'a' });
    expect(dataAsObject(undefined)).toEqual({});
    expect(dataAsObject('[1]')).toBeUndefined();
    expect(dataAsObject('nope')).toBeUndefined();
    expect(dataAsObject(3)).toBeUndefined();
  });

  it('always sends data as a string', () => {
    expect(dataAsString({ a: 1 })).toBe('{"a":1}');
    expect(dataAsString('already')).toBe('already');
    expect(dataAsString(undefined)).toBe('{}');
    expect(dataAsString([1, 2])).toBe('[1,2]');
  });
});

describe('encodeServerFrame', () => {
  it('encodes data as a JSON string and keeps field order event, channel, data, user_id', () => {
    expect(encodeServerFrame('client-x', { a: 1 }, 'presence-a', 'u1')).toBe(
      '{"event":"client-x","channel":"presence-a","data":"{\\"a\\":1}","user_id":"u1"}',
    );
    expect(encodeServerFrame('pusher:pong', {})).toBe('{"event":"pusher:pong","data":"{}"}');
  });

  it('round-trips through decodeServerFrame', () => {
    const frame = decodeServerFrame(encodeServerFrame('e', { n: [1, 2] }, 'c'));
    expect(frame).toMatchObject({ event: 'e', channel: 'c', parsed: { n: [1, 2] } });
  });
});
