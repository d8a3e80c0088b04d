/** The frame codec against arbitrary input: it never throws, and what it accepts is a frame. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dataAsObject, dataAsString, decodeClientFrame } from '../../../shared/pusher/frames.js';
import { fuzzParameters } from '../../helpers/fuzz.js';

/** Text a client may send: anything, JSON of anything, and objects shaped almost like frames. */
const clientText = fc.oneof(
  fc.string({ unit: 'binary' }),
  fc.json(),
  fc.record({ event: fc.oneof(fc.string(), fc.jsonValue()), channel: fc.oneof(fc.string(), fc.jsonValue()), data: fc.jsonValue() }, { requiredKeys: [] })
    .map((frame) => JSON.stringify(frame)),
);

describe('the frame codec under fuzz', () => {
  it('decodes any text without throwing, and only frames with a non-empty event name', () => {
    fc.assert(fc.property(clientText, (text) => {
      const result = decodeClientFrame(text);
      if (!result.ok) return;
      expect(typeof result.frame.event).toBe('string');
      expect(result.frame.event.length).toBeGreaterThan(0);
      expect(result.frame.channel === undefined || typeof result.frame.channel === 'string').toBe(true);
    }), fuzzParameters(2000));
  });

  it('turns any data into an object or undefined, and any data into a string, without throwing', () => {
    fc.assert(fc.property(fc.oneof(fc.jsonValue(), fc.string({ unit: 'binary' }), fc.json()), (data) => {
      const object = dataAsObject(data);
      expect(object === undefined || (typeof object === 'object' && !Array.isArray(object))).toBe(true);
      expect(typeof dataAsString(data)).toBe('string');
    }), fuzzParameters(2000));
  });
});
