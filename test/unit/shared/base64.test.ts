/** Native (Buffer) and JavaScript base64 agree, on any bytes and any text. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromBase64, fromBase64InJs, toBase64, toBase64InJs } from '../../../shared/doc/base64.js';
import { fuzzParameters } from '../../helpers/fuzz.js';

describe('base64', () => {
  it('encodes and decodes any bytes the same natively and in JavaScript, views included', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), fc.nat(8), (bytes, offset) => {
      const view = new Uint8Array(new Uint8Array([...new Array<number>(offset).fill(7), ...bytes, 9]).buffer, offset, bytes.length);
      expect(toBase64(view)).toBe(toBase64InJs(view));
      expect(toBase64(view)).toBe(Buffer.from(bytes).toString('base64'));
      expect(fromBase64(toBase64(view))).toEqual(bytes);
      expect(fromBase64InJs(toBase64(view))).toEqual(bytes);
    }), fuzzParameters(1000));
  });

  it('refuses the same malformed text natively and in JavaScript', () => {
    const text = fc.oneof(fc.string({ maxLength: 40 }), fc.base64String({ maxLength: 40 }).chain((b) => fc.tuple(fc.constant(b), fc.nat(40), fc.constantFrom('=', '-', ' ', '\n', '_', 'é')).map(([s, at, c]) => s.slice(0, at) + c + s.slice(at))));
    fc.assert(fc.property(text, (candidate) => {
      const native = fromBase64(candidate);
      const js = fromBase64InJs(candidate);
      expect(native === undefined).toBe(js === undefined);
      if (native && js) expect(native).toEqual(js);
    }), fuzzParameters(2000));
    expect(fromBase64('QQ==')).toEqual(new Uint8Array([65]));
    for (const bad of ['Q===', 'QQ=A', 'QQ', 'Q Q=', 'QQ-_', 12]) expect(fromBase64(bad)).toBeUndefined();
  });
});
