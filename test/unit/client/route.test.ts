import { describe, expect, it } from 'vitest';
import { routeOf } from '../../../client/pages/route.js';

describe('the demo\'s addresses', () => {
  it('open the list, a document, and a document through a share link', () => {
    for (const hash of ['', '#', '#/']) expect(routeOf(hash)).toEqual({ page: 'documents' });
    expect(routeOf('#/doc/Ab_3-x')).toEqual({ page: 'document', id: 'Ab_3-x', share: undefined });
    expect(routeOf('#/doc/Ab3?share=e.0.1767225600.abc_-')).toEqual({ page: 'document', id: 'Ab3', share: 'e.0.1767225600.abc_-' });
  });

  it('call anything else a link that does not work, rather than showing the list', () => {
    for (const hash of [
      '#/doc/', '#/doc/bad id', '#/doc/%3Cscript%3E', `#/doc/${'a'.repeat(65)}`, '#/docs/abc', '#/doc/abc/more', '#/elsewhere',
      '#/doc/abc?share=', '#/doc/abc?share=not+a+token!', '#/doc/abc?', '#/doc/abc?share=e.1&role=editor', '#/doc/abc?other=1',
    ]) {
      expect(routeOf(hash), hash).toEqual({ page: 'bad-link' });
    }
  });
});
