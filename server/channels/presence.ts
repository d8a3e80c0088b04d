/**
 * Presence bookkeeping by user: a user with several sockets is one member,
 * added with the first socket and removed with the last.
 */
export interface Member {
  readonly userId: string;
  readonly userInfo: unknown;
}

export interface PresencePayload {
  presence: { ids: string[]; hash: Record<string, unknown>; count: number };
}

export class PresenceRoster {
  private readonly members = new Map<string, { info: unknown; sockets: Set<string> }>();
  private readonly userBySocket = new Map<string, string>();

  get count(): number {
    return this.members.size;
  }

  has(userId: string): boolean {
    return this.members.has(userId);
  }

  /** Returns the member when this socket makes the user newly present. */
  add(socketId: string, member: Member): Member | undefined {
    this.userBySocket.set(socketId, member.userId);
    const existing = this.members.get(member.userId);
    if (existing) {
      existing.sockets.add(socketId);
      return undefined;
    }
    this.members.set(member.userId, { info: member.userInfo, sockets: new Set([socketId]) });
    return member;
  }

  /** Returns the user id when this socket was the user's last one here. */
  remove(socketId: string): string | undefined {
    const userId = this.userBySocket.get(socketId);
    if (userId === undefined) return undefined;
    this.userBySocket.delete(socketId);
    const entry = this.members.get(userId);
    if (!entry) return undefined;
    entry.sockets.delete(socketId);
    if (entry.sockets.size > 0) return undefined;
    this.members.delete(userId);
    return userId;
  }

  userIdOf(socketId: string): string | undefined {
    return this.userBySocket.get(socketId);
  }

  userIds(): string[] {
    return [...this.members.keys()];
  }

  infos(): Map<string, unknown> {
    return new Map([...this.members].map(([id, entry]) => [id, entry.info ?? {}]));
  }
}

/**
 * The presence payload sent with pusher_internal:subscription_succeeded. The
 * hash has no prototype, so a user id such as "__proto__" is a key like any other.
 */
export function presencePayload(members: Map<string, unknown>): PresencePayload {
  const hash: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const [id, info] of members) hash[id] = info ?? {};
  const ids = [...members.keys()];
  return { presence: { ids, hash, count: ids.length } };
}
