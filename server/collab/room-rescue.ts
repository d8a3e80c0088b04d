/**
 * A room's net under restores: a member's update whose text landed in a
 * block that was deleted meanwhile is looked at, and when a restore deleted
 * that block (asked of the store, so a restore made on another node counts
 * too), the text is put back as the server's own update, in the name of
 * whoever typed it. Only the node the update came in through does this, so
 * it happens once.
 */
import * as Y from 'yjs';
import type { VersionAuthor } from '../../shared/history/diff-tree.js';
import type { Logger } from '../observability/log.js';
import { deleteSetOf } from './history/changes.js';
import { findOrphans, type Orphan } from './history/orphans.js';
import type { VersionLog } from './history/version-log.js';
import type { UpdateOrigin } from './member.js';
import type { DocKey } from './store.js';

export interface RoomRescueDeps {
  readonly key: DocKey;
  readonly doc: Y.Doc;
  readonly versions: Pick<VersionLog, 'restoredContainers'>;
  readonly log: Logger;
  readonly run: <T>(work: () => T | Promise<T>) => Promise<T | undefined>;
  readonly applyLocal: (update: Uint8Array, by: VersionAuthor | undefined) => void;
}

export class RoomRescue {
  constructor(private readonly deps: RoomRescueDeps) {
    deps.doc.on('afterTransaction', this.onTransaction);
  }

  stop(): void {
    this.deps.doc.off('afterTransaction', this.onTransaction);
  }

  private readonly onTransaction = (tr: Y.Transaction): void => {
    const origin = tr.origin as UpdateOrigin | undefined;
    if (origin?.kind !== 'socket') return;
    const orphans = findOrphans(tr, origin.decoded?.ds);
    if (orphans.length > 0) void this.deps.run(() => this.rescue(orphans, origin.member.author));
  };

  private async rescue(orphans: Orphan[], author: VersionAuthor): Promise<void> {
    const restored = deleteSetOf(await this.deps.versions.restoredContainers(this.deps.key));
    const lost = orphans.filter((orphan) => orphan.containers.some((id) => Y.isDeleted(restored, id)));
    if (lost.length === 0) return;
    // The headless editor behind it loads on first use, as for exports.
    const { rescueChange } = await import('./history/rescue.js');
    this.deps.applyLocal(rescueChange(this.deps.doc, lost), author);
    this.deps.log.info('kept text typed into blocks a restore removed', { doc_id: this.deps.key.docId, user_id: author.id, pieces: lost.length });
  }
}
