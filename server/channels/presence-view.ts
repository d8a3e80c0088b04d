/**
 * The member list this node's subscribers of one presence channel hold. It
 * changes only together with the frame that tells every one of them, and a
 * new subscriber is given it, so they all hold the same list; an announcement
 * that would not change it is not sent, so no client hears of a member twice.
 * That makes repairs after Redis trouble safe: each node compares this list
 * with Redis and sends only the differences.
 */
import type { Member } from './presence.js';

export type PresenceChange =
  | { readonly type: 'added'; readonly userId: string; readonly userInfo: unknown }
  | { readonly type: 'removed'; readonly userId: string };

export class PresenceView {
  /** Unknown until the channel's first local subscriber was given its list. */
  private members: Map<string, unknown> | undefined;
  /** Users changed while a comparison read Redis: what that read says of them may be older. */
  private readonly changedDuringReads = new Set<Set<string>>();

  get known(): boolean {
    return this.members !== undefined;
  }

  /**
   * The list for a subscriber joining as `member`: the view plus itself (the
   * others hear of it from its member_added). The first subscriber's list,
   * read from the cluster, starts the view; nobody else holds one yet.
   */
  listFor(member: Member, fromCluster: Map<string, unknown> | undefined): Map<string, unknown> {
    this.members ??= withMember(new Map(fromCluster), member);
    return withMember(new Map(this.members), member);
  }

  /** Records a change; false when the subscribers hold it already (then nobody is told). */
  apply(change: PresenceChange): boolean {
    if (!this.members) return true; // nobody holds a list yet: the frame is harmless
    for (const changed of this.changedDuringReads) changed.add(change.userId);
    if (change.type === 'removed') return this.members.delete(change.userId);
    if (this.members.has(change.userId)) return false;
    this.members.set(change.userId, change.userInfo ?? {});
    return true;
  }

  /**
   * The changes that turn this list into what `read` returns, leaving out
   * users whose change arrived during the read; removals only when
   * `removals` (while some node may still be writing its members back, a
   * member missing from Redis may not have left).
   */
  async differences(read: () => Promise<Map<string, unknown>>, removals: boolean): Promise<PresenceChange[]> {
    const members = this.members;
    if (!members) return [];
    const changed = new Set<string>();
    this.changedDuringReads.add(changed);
    let truth: Map<string, unknown>;
    try {
      truth = await read();
    } finally {
      this.changedDuringReads.delete(changed);
    }
    const changes: PresenceChange[] = [];
    for (const [userId, userInfo] of truth) {
      if (!members.has(userId) && !changed.has(userId)) changes.push({ type: 'added', userId, userInfo });
    }
    if (!removals) return changes;
    for (const userId of members.keys()) {
      if (!truth.has(userId) && !changed.has(userId)) changes.push({ type: 'removed', userId });
    }
    return changes;
  }
}

function withMember(list: Map<string, unknown>, member: Member): Map<string, unknown> {
  if (!list.has(member.userId)) list.set(member.userId, member.userInfo);
  return list;
}
