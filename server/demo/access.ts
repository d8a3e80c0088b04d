/**
 * Who may do what with a document in the demo app: its owner (the user who
 * created it) edits; anyone else signed in views, or gets the role a valid
 * share link grants. A link that is forged, expired or revoked grants nothing:
 * it is refused, not quietly downgraded, so its holder learns why.
 */
import type { DocRole } from '../../shared/doc/roles.js';
import type { ChannelUser } from '../auth/channel-rules.js';
import type { ShareTokens } from './share.js';

export interface AccessStore {
  access(key: { appId: string; docId: string }): Promise<{ owner: string | undefined; shareGeneration: number }>;
  info(key: { appId: string; docId: string }): Promise<object | undefined>;
}

export type Access = { ok: true; role: DocRole; owner: boolean } | { ok: false; reason: string };

const REFUSALS = {
  invalid: 'This share link is not valid for this document',
  expired: 'This share link has expired; ask the owner for a new one',
  revoked: 'This share link was revoked by the owner of the document',
} as const;

export class DemoAccess {
  constructor(private readonly appId: string, private readonly store: AccessStore, private readonly shares: ShareTokens) {}

  async of(user: ChannelUser, docId: string, share: string | undefined): Promise<Access> {
    const { owner, shareGeneration } = await this.store.access({ appId: this.appId, docId });
    if (owner !== undefined && owner === user.id) return { ok: true, role: 'editor', owner: true };
    if (!share) return { ok: true, role: 'viewer', owner: false };
    const checked = this.shares.check(docId, share, shareGeneration);
    return checked.ok ? { ok: true, role: checked.role, owner: false } : { ok: false, reason: REFUSALS[checked.reason] };
  }

  /** Whether the document exists: the demo signs no subscription to one that does not, so opening never creates it. */
  async exists(docId: string): Promise<boolean> {
    return (await this.store.info({ appId: this.appId, docId })) !== undefined;
  }

  /** Whether the user owns the document (only the owner renames it, shares it and revokes its links). */
  async owns(user: ChannelUser, docId: string): Promise<boolean> {
    const { owner } = await this.store.access({ appId: this.appId, docId });
    return owner !== undefined && owner === user.id;
  }
}
