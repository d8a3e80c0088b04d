/**
 * Who is online, cluster-wide, and the watchlists that want to know. A user
 * is online while at least one connection anywhere is signed in as them:
 * signed-in connections are members of a pseudo presence channel, so the
 * cluster state decides "first connection" and "last connection" atomically,
 * writes them back after Redis trouble and reaps them with a dead node.
 * Changes travel to every node as control messages; each node tells the
 * watchers it holds with `pusher_internal:watchlist_events`.
 */
import { PusherEvent } from '../../shared/pusher/events.js';
import { encodeServerFrame } from '../../shared/pusher/frames.js';
import type { ClusterState } from '../scaling/cluster-state.js';
import type { Session } from './session.js';

/** The pseudo presence channel of signed-in users (`#` is reserved: no client can subscribe to it). */
export const ONLINE_CHANNEL = '#online';

export interface OnlineUsersDeps {
  readonly cluster: ClusterState;
  /** Tells every node, this one included, that a user came online or went offline. */
  readonly announce: (appId: string, userId: string, online: boolean) => void;
}

type Change = { readonly userId: string; readonly online: boolean };

export class OnlineUsers {
  /** appId → watched user → the sessions watching them on this node. */
  private readonly watchers = new Map<string, Map<string, Set<Session>>>();
  /** Changes heard while a session's first statuses were being read: sent after them. */
  private readonly pending = new Map<Session, Change[]>();

  constructor(private readonly deps: OnlineUsersDeps) {}

  /** After a connection's first pusher:signin. */
  async signedIn(session: Session): Promise<void> {
    const userId = session.userId;
    if (userId === undefined) return;
    const { added } = await this.deps.cluster.joinPresence(session.app.id, ONLINE_CHANNEL, session.socketId, { userId, userInfo: {} });
    if (added) this.deps.announce(session.app.id, userId, true);
  }

  /** When a signed-in connection closes. */
  async signedOut(session: Session): Promise<void> {
    this.unwatch(session);
    const userId = session.userId;
    if (userId === undefined) return;
    const { removed } = await this.deps.cluster.leavePresence(session.app.id, ONLINE_CHANNEL, session.socketId, userId);
    if (removed) this.deps.announce(session.app.id, userId, false);
  }

  /**
   * Watches `ids` for the session (replacing what it watched) and sends their
   * statuses now. Watching starts before the statuses are read, so no change
   * falls in between; changes heard meanwhile follow the statuses.
   */
  async watch(session: Session, ids: readonly string[]): Promise<void> {
    this.unwatch(session);
    session.watchlist = ids;
    if (ids.length === 0) return;
    const app = this.appWatchers(session.app.id);
    for (const id of ids) {
      let sessions = app.get(id);
      if (!sessions) app.set(id, (sessions = new Set()));
      sessions.add(session);
    }
    const queued: Change[] = [];
    this.pending.set(session, queued);
    const online = await Promise.all(ids.map((id) => this.deps.cluster.hasMember(session.app.id, ONLINE_CHANNEL, id)));
    if (this.pending.get(session) !== queued) return; // closed or replaced meanwhile
    this.pending.delete(session);
    session.send(watchlistFrame([
      { name: 'online', user_ids: ids.filter((_, i) => online[i]) },
      { name: 'offline', user_ids: ids.filter((_, i) => !online[i]) },
    ]));
    for (const change of queued) session.send(changeFrame(change));
  }

  /** A user came online or went offline (heard from whichever node decided it). */
  changed(appId: string, userId: string, online: boolean): void {
    for (const session of this.watchers.get(appId)?.get(userId) ?? []) {
      const queued = this.pending.get(session);
      if (queued) queued.push({ userId, online });
      else session.send(changeFrame({ userId, online }));
    }
  }

  private unwatch(session: Session): void {
    this.pending.delete(session);
    const app = this.watchers.get(session.app.id);
    for (const id of session.watchlist) {
      const sessions = app?.get(id);
      sessions?.delete(session);
      if (sessions?.size === 0) app?.delete(id);
    }
    session.watchlist = [];
  }

  private appWatchers(appId: string): Map<string, Set<Session>> {
    let app = this.watchers.get(appId);
    if (!app) this.watchers.set(appId, (app = new Map()));
    return app;
  }
}

function changeFrame({ userId, online }: Change): string {
  return watchlistFrame([{ name: online ? 'online' : 'offline', user_ids: [userId] }]);
}

/** pusher-js emits each entry on `pusher.user.watchlist` under its name. */
function watchlistFrame(events: { name: string; user_ids: string[] }[]): string {
  return encodeServerFrame(PusherEvent.watchlistEvents, { events: events.filter((e) => e.user_ids.length > 0) });
}
