/**
 * Keys for one purpose each, derived from an app secret with HKDF-SHA256.
 * A share link or a session cookie is never signed with the app secret
 * itself: a signature made for one purpose can then not pass for another
 * (a session for a channel auth, a viewer link for an editor's), and the
 * secret that signs API calls never meets browser-held tokens.
 */
import { createHmac, hkdfSync } from 'node:crypto';
import { safeEqual } from './signatures.js';

/** Each label names one use; changing a label invalidates every token of that use. */
export type KeyPurpose = 'chorus/demo-session/v1' | 'chorus/share-link/v1';

const SALT = 'chorus key derivation';

export function deriveKey(secret: string, purpose: KeyPurpose): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, SALT, purpose, 32));
}

/** HMAC-SHA256 of `text` under a derived key, base64url (43 characters). */
export function signText(key: Buffer, text: string): string {
  return createHmac('sha256', key).update(text, 'utf8').digest('base64url');
}

/** Constant-time check of a signature made by signText. */
export function verifyText(key: Buffer, text: string, signature: string): boolean {
  return safeEqual(signature, signText(key, text));
}
