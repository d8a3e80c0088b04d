import { describe, expect, it } from 'vitest';
import { PartAssembler, splitIntoParts } from '../../../shared/doc/parts.js';

describe('multi-part updates', () => {
  const bytes = Uint8Array.from({ length: 10 }, (_, i) => i);

  it('joins the parts of an update in any order', () => {
    const assembler = new PartAssembler(100);
    const [first, second, third] = splitIntoParts(bytes, 4, 'u');
    expect(assembler.add({ ...third! })).toEqual({ kind: 'incomplete', received: 1, parts: 3 });
    expect(assembler.add({ ...first! })).toMatchObject({ kind: 'incomplete', received: 2 });
    expect(assembler.add({ ...second! })).toEqual({ kind: 'complete', bytes });
  });

  it('bounds unfinished assemblies in number, bytes and time', () => {
    let now = 0;
    const assembler = new PartAssembler(8, 2, 1000, () => now);
    expect(assembler.add({ ...splitIntoParts(bytes, 4, 'a')[0]! }).kind).toBe('incomplete');
    expect(assembler.add({ ...splitIntoParts(bytes, 4, 'b')[0]! }).kind).toBe('incomplete');
    expect(assembler.add({ ...splitIntoParts(bytes, 4, 'c')[0]! })).toMatchObject({ kind: 'invalid', reason: 'too many unfinished multi-part updates' });
    expect(assembler.add({ ...splitIntoParts(bytes, 4, 'a')[1]! })).toMatchObject({ kind: 'incomplete', received: 2 });
    expect(assembler.add({ ...splitIntoParts(bytes, 4, 'a')[2]! })).toMatchObject({ kind: 'invalid', reason: 'multi-part update is over 8 bytes' });
    now = 1001; // b was started at 0: dropped, which makes room for c
    expect(assembler.add({ ...splitIntoParts(bytes, 4, 'c')[0]! }).kind).toBe('incomplete');
    expect(assembler.add({ ...splitIntoParts(bytes, 4, 'b')[1]! })).toMatchObject({ kind: 'incomplete', received: 1 });
  });
});
