/**
 * Share links: `{role}.{generation}.{expires}.{signature}`, signed with a key
 * derived for share links only, over the document id and every other field.
 * The role is inside the signature, so a viewer link cannot be turned into an
 * editor link, nor a link for one document into one for another. A link
 * expires at `expires` (Unix seconds), and stops working once the owner has
 * revoked the document's links (its share generation moved past the link's).
 */
import type { DocRole } from '../../shared/doc/roles.js';
import { deriveKey, signText, verifyText } from '../auth/keys.js';

export type ShareCheck = { ok: true; role: DocRole; expiresAt: number } | { ok: false; reason: 'invalid' | 'expired' | 'revoked' };

const ROLE_LETTERS: Record<DocRole, string> = { editor: 'e', viewer: 'v' };
const TOKEN = /^([ev])\.(\d{1,9})\.(\d{1,12})\.([A-Za-z0-9_-]{43})$/;

export class ShareTokens {
  private readonly key: Buffer;

  constructor(appSecret: string, private readonly ttlSeconds: number, private readonly now: () => number = Date.now) {
    this.key = deriveKey(appSecret, 'chorus/share-link/v1');
  }

  /** A link's token for the document's current share generation, valid for the configured time. */
  issue(docId: string, role: DocRole, generation: number): { token: string; expiresAt: number } {
    const expiresAt = Math.floor(this.now() / 1000) + this.ttlSeconds;
    const fields = `${ROLE_LETTERS[role]}.${generation}.${expiresAt}`;
    return { token: `${fields}.${signText(this.key, signed(docId, fields))}`, expiresAt };
  }

  /** What a token grants on a document whose share generation is `generation`. */
  check(docId: string, token: string, generation: number): ShareCheck {
    const match = TOKEN.exec(token);
    if (!match) return { ok: false, reason: 'invalid' };
    const [, letter, gen, expires, signature] = match as unknown as [string, string, string, string, string];
    if (!verifyText(this.key, signed(docId, `${letter}.${gen}.${expires}`), signature)) return { ok: false, reason: 'invalid' };
    if (Number(expires) * 1000 <= this.now()) return { ok: false, reason: 'expired' };
    if (Number(gen) !== generation) return { ok: false, reason: 'revoked' };
    return { ok: true, role: letter === 'e' ? 'editor' : 'viewer', expiresAt: Number(expires) };
  }
}

function signed(docId: string, fields: string): string {
  return `share-link\n${docId}\n${fields}`;
}
