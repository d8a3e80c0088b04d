import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { deriveKey } from '../../../server/auth/keys.js';
import { DemoSessions } from '../../../server/demo/session.js';
import { ShareTokens } from '../../../server/demo/share.js';

const SECRET = 'app-secret';
const HOUR = 3600;

/** Share tokens on a clock the test moves. */
function tokens(ttl = HOUR): { shares: ShareTokens; advance: (seconds: number) => void } {
  let now = Date.UTC(2030, 0, 1);
  return { shares: new ShareTokens(SECRET, ttl, () => now), advance: (seconds) => (now += seconds * 1000) };
}

describe('share links', () => {
  it('grant the role they were made for, on their document, until they expire', () => {
    const { shares, advance } = tokens();
    const editor = shares.issue('doc-1', 'editor', 0);
    const viewer = shares.issue('doc-1', 'viewer', 0);
    expect(shares.check('doc-1', editor.token, 0)).toMatchObject({ ok: true, role: 'editor' });
    expect(shares.check('doc-1', viewer.token, 0)).toMatchObject({ ok: true, role: 'viewer' });
    expect(viewer.expiresAt).toBe(Date.UTC(2030, 0, 1) / 1000 + HOUR);
    advance(HOUR - 1);
    expect(shares.check('doc-1', viewer.token, 0).ok).toBe(true);
    advance(1);
    expect(shares.check('doc-1', viewer.token, 0)).toEqual({ ok: false, reason: 'expired' });
  });

  it('cannot be turned from viewer into editor, moved to another document, or given more time', () => {
    const { shares } = tokens();
    const { token } = shares.issue('doc-1', 'viewer', 0);
    const [, generation, expires, signature] = token.split('.');
    expect(shares.check('doc-1', `e.${generation}.${expires}.${signature}`, 0)).toEqual({ ok: false, reason: 'invalid' });
    expect(shares.check('doc-2', token, 0)).toEqual({ ok: false, reason: 'invalid' });
    expect(shares.check('doc-1', `v.${generation}.${Number(expires) + HOUR}.${signature}`, 0)).toEqual({ ok: false, reason: 'invalid' });
    expect(shares.check('doc-1', `v.${generation}.${expires}.${'A'.repeat(43)}`, 0)).toEqual({ ok: false, reason: 'invalid' });
    expect(shares.check('doc-1', 'garbage', 0)).toEqual({ ok: false, reason: 'invalid' });
  });

  it('stop working once the document\'s links are revoked (its generation moves on); new ones work', () => {
    const { shares } = tokens();
    const old = shares.issue('doc-1', 'editor', 0);
    expect(shares.check('doc-1', old.token, 1)).toEqual({ ok: false, reason: 'revoked' });
    const fresh = shares.issue('doc-1', 'editor', 1);
    expect(shares.check('doc-1', fresh.token, 1)).toMatchObject({ ok: true, role: 'editor' });
  });

  it('are signed with a key derived for share links, not with the app secret, and differ per secret', () => {
    const { shares } = tokens();
    const { token } = shares.issue('doc-1', 'editor', 0);
    const fields = token.slice(0, token.lastIndexOf('.'));
    const signature = token.slice(token.lastIndexOf('.') + 1);
    const withSecret = createHmac('sha256', SECRET).update(`share-link\ndoc-1\n${fields}`).digest('base64url');
    const withShareKey = createHmac('sha256', deriveKey(SECRET, 'chorus/share-link/v1')).update(`share-link\ndoc-1\n${fields}`).digest('base64url');
    expect(signature).not.toBe(withSecret);
    expect(signature).toBe(withShareKey);
    const other = new ShareTokens('another-secret', HOUR, () => Date.UTC(2030, 0, 1));
    expect(other.check('doc-1', token, 0)).toEqual({ ok: false, reason: 'invalid' });
  });

  it('derive a different key for each purpose', () => {
    expect(deriveKey(SECRET, 'chorus/share-link/v1').equals(deriveKey(SECRET, 'chorus/demo-session/v1'))).toBe(false);
    expect(deriveKey(SECRET, 'chorus/share-link/v1').equals(Buffer.from(SECRET))).toBe(false);
  });
});

describe('demo sessions', () => {
  const request = (cookie: string) => ({ headers: { cookie } }) as never;
  const user = { id: 'u_1', name: 'Ana', color: '#d64545' };

  it('set an HttpOnly, SameSite=Lax cookie, Secure only when asked, that signs the user in until it expires', () => {
    let now = Date.UTC(2030, 0, 1);
    const sessions = new DemoSessions(SECRET, () => now);
    const plain = sessions.cookie(user, false);
    expect(plain).toMatch(/; HttpOnly; SameSite=Lax; Max-Age=\d+$/);
    expect(plain).not.toContain('Secure');
    expect(sessions.cookie(user, true)).toContain('; Secure');
    const value = plain.split(';')[0]!;
    expect(sessions.userOf(request(value))).toEqual(user);
    now += 31 * 24 * HOUR * 1000;
    expect(sessions.userOf(request(value))).toBeUndefined();
  });

  it('refuse a cookie signed with the app secret itself, or changed in any way', () => {
    const sessions = new DemoSessions(SECRET);
    const payload = Buffer.from(JSON.stringify({ user: { ...user, id: 'owner' }, exp: 4_000_000_000 })).toString('base64url');
    const withSecret = createHmac('sha256', SECRET).update(payload).digest('base64url');
    expect(sessions.userOf(request(`chorus_user=${payload}.${withSecret}`))).toBeUndefined();
    const [, value] = sessions.cookie(user, false).split(';')[0]!.split('=');
    const [, signature] = value!.split('.');
    expect(sessions.userOf(request(`chorus_user=${payload}.${signature}`))).toBeUndefined();
  });
});
