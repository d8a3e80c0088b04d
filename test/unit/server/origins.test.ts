import { describe, expect, it } from 'vitest';
import { originAllowed, sameOrigin } from '../../../server/auth/origins.js';

describe('allowed origins', () => {
  it('match an entry with a scheme exactly: scheme, host and port (default ports made explicit)', () => {
    const allowed = ['https://docs.example.com'];
    expect(originAllowed('https://docs.example.com', allowed)).toBe(true);
    expect(originAllowed('https://docs.example.com:443', allowed)).toBe(true);
    expect(originAllowed('http://docs.example.com', allowed)).toBe(false);
    expect(originAllowed('https://docs.example.com:8443', allowed)).toBe(false);
    expect(originAllowed('https://docs.example.com.evil.test', allowed)).toBe(false);
    expect(originAllowed('https://evil.test', allowed)).toBe(false);
    expect(originAllowed('http://localhost:5173', ['http://localhost:5173'])).toBe(true);
    expect(originAllowed('http://localhost:5174', ['http://localhost:5173'])).toBe(false);
  });

  it('let * stand for any run of characters in the host of an entry with a scheme, never for its scheme or port', () => {
    const allowed = ['https://*.example.com'];
    expect(originAllowed('https://a.example.com', allowed)).toBe(true);
    expect(originAllowed('https://a.b.example.com', allowed)).toBe(true);
    expect(originAllowed('http://a.example.com', allowed)).toBe(false);
    expect(originAllowed('https://a.example.com:444', allowed)).toBe(false);
    expect(originAllowed('https://example.com', allowed)).toBe(false);
  });

  it('match an entry without a scheme on the host alone, as Reverb does (Str::is wildcards)', () => {
    expect(originAllowed('http://app.example.com:8080', ['app.example.com'])).toBe(true);
    expect(originAllowed('https://x.example.com', ['*.example.com'])).toBe(true);
    expect(originAllowed('https://example.org', ['*.example.com'])).toBe(false);
  });

  it('allow every origin with *, and no missing, opaque or malformed origin otherwise', () => {
    expect(originAllowed(undefined, ['*'])).toBe(true);
    for (const origin of [undefined, 'null', 'not a url', '']) expect(originAllowed(origin, ['https://a.test', 'a.test'])).toBe(false);
  });

  it('compare two origins by scheme, host and port', () => {
    expect(sameOrigin('http://127.0.0.1:8080', 'http://127.0.0.1:8080')).toBe(true);
    expect(sameOrigin('https://A.test', 'https://a.test:443')).toBe(true);
    expect(sameOrigin('http://a.test', 'https://a.test')).toBe(false);
    expect(sameOrigin('http://a.test:1', 'http://a.test:2')).toBe(false);
    expect(sameOrigin('null', 'http://a.test')).toBe(false);
  });
});
