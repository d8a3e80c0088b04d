/** Share links: a signed token naming a document and the role it grants. */
import { hmacHex, safeEqual } from '../auth/signatures.js';
import type { DocRole } from '../../shared/doc/roles.js';

export class ShareTokens {
  constructor(private readonly secret: string) {}

  token(docId: string, role: DocRole): string {
    return hmacHex(this.secret, `share:${docId}:${role}`).slice(0, 32);
  }

  /** The role a token grants for a document, or undefined when it grants nothing. */
  roleFor(docId: string, token: string | undefined): DocRole | undefined {
    if (!token) return undefined;
    for (const role of ['editor', 'viewer'] as const) {
      if (safeEqual(token, this.token(docId, role))) return role;
    }
    return undefined;
  }
}
