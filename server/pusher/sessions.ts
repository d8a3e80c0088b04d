import type { Connection } from '../transport/socket.js';
import type { Session } from './session.js';

/** All sessions on this node, by connection and by app. */
export class SessionRegistry {
  private readonly byConnection = new Map<Connection, Session>();
  private readonly byApp = new Map<string, Map<string, Session>>();

  add(session: Session): void {
    this.byConnection.set(session.connection, session);
    let app = this.byApp.get(session.app.id);
    if (!app) {
      app = new Map();
      this.byApp.set(session.app.id, app);
    }
    app.set(session.socketId, session);
  }

  remove(connection: Connection): Session | undefined {
    const session = this.byConnection.get(connection);
    if (!session) return undefined;
    this.byConnection.delete(connection);
    this.byApp.get(session.app.id)?.delete(session.socketId);
    return session;
  }

  of(connection: Connection): Session | undefined {
    return this.byConnection.get(connection);
  }

  get count(): number {
    return this.byConnection.size;
  }

  countFor(appId: string): number {
    return this.byApp.get(appId)?.size ?? 0;
  }

  forApp(appId: string): IterableIterator<Session> {
    return (this.byApp.get(appId) ?? new Map<string, Session>()).values();
  }

  all(): IterableIterator<Session> {
    return this.byConnection.values();
  }
}
