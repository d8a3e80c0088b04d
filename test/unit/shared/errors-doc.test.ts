import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderErrorsDoc } from '../../../shared/pusher/errors-doc.js';
import { PROTOCOL_ERRORS } from '../../../shared/pusher/errors.js';

describe('docs/errors.md', () => {
  it('is the rendering of the error table (run npm run docs:errors after changing it)', () => {
    expect(readFileSync(new URL('../../../docs/errors.md', import.meta.url), 'utf8')).toBe(renderErrorsDoc());
  });

  it('closes exactly for codes below 4300, as pusher-js expects', () => {
    for (const [name, spec] of Object.entries(PROTOCOL_ERRORS)) {
      expect(spec.close, name).toBe(spec.code < 4300);
    }
  });
});
