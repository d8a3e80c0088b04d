/**
 * A node's way out, for SIGTERM and for `chorus restart` alike: refuse new
 * sockets (and say so on /ready), ask every client to reconnect elsewhere
 * (4200), all at once or spread over a window, wait for the sockets to
 * close, store every open document, send the webhooks still queued, then
 * close the store and Redis.
 */
import type { DocHub } from './collab/doc-hub.js';
import type { DocumentStore } from './collab/store.js';
import type { Logger } from './observability/log.js';
import { PusherError } from './pusher/errors.js';
import type { ClusterState } from './scaling/cluster-state.js';
import type { PubSub } from './scaling/pubsub.js';
import type { Transport } from './transport/http.js';
import { spreadOver, type Spread } from './transport/spread.js';

export interface ShutdownParts {
  readonly transport: Transport;
  readonly docs: DocHub;
  readonly store: DocumentStore;
  readonly cluster: ClusterState;
  readonly pubsub: PubSub;
  readonly log: Logger;
  /** How long to wait for the sockets to close once all were asked to, in ms. */
  readonly socketsTimeoutMs: number;
  /** How long to keep trying a failing store, in ms. */
  readonly storeTimeoutMs: number;
  /** Settles when every socket's close has been handled (presence left, webhooks queued). */
  readonly pusher: { closed(): Promise<void> };
  /** Webhooks still to send; vacancies and departures are checked against the cluster state, so before it closes. */
  readonly webhooks: { close(deadline: number): Promise<void> };
  readonly cache: { close(): Promise<void> };
  /** Stops pinging idle sockets. */
  readonly stopHeartbeat: () => void;
}

export class Shutdown {
  private running: Promise<void> | undefined;
  private spread: Spread | undefined;

  constructor(private readonly parts: ShutdownParts) {}

  /** Whether the node is on its way out: /up and /ready answer 503. */
  get started(): boolean {
    return this.running !== undefined;
  }

  /** Starts shutting down; called again while a spread is under way, closes the remaining sockets at once. */
  run(spreadMs: number): Promise<void> {
    if (this.running) {
      this.spread?.hurry();
      return this.running;
    }
    this.running = this.sequence(spreadMs);
    return this.running;
  }

  private async sequence(spreadMs: number): Promise<void> {
    const { transport, log } = this.parts;
    transport.refuseUpgrades();
    const connections = [...transport.connections];
    if (spreadMs > 0) log.info('asking clients to reconnect, spread over the window', { connections: connections.length, spread_ms: spreadMs });
    this.spread = spreadOver(connections, spreadMs, (connection, offsetMs) => {
      if (spreadMs > 0) log.debug('asked a client to reconnect', { offset_ms: offsetMs });
      new PusherError('reconnect').sendTo(connection);
    });
    await this.spread.done;
    // Upgrades already under way when the drain began end in sockets the spread did not know of.
    for (const connection of transport.connections) if (connection.isOpen) new PusherError('reconnect').sendTo(connection);
    this.parts.stopHeartbeat();
    transport.stopAccepting();
    await transport.drained(this.parts.socketsTimeoutMs);
    for (const connection of transport.connections) connection.terminate();
    await this.parts.pusher.closed();
    await this.storeDocuments();
    await this.parts.webhooks.close(Date.now() + this.parts.socketsTimeoutMs);
    await this.parts.store.close();
    await this.parts.cluster.close();
    await this.parts.cache.close();
    await this.parts.pubsub.close();
    transport.server.closeAllConnections();
  }

  private async storeDocuments(): Promise<void> {
    const unsaved = await this.parts.docs.closeAll(Date.now() + this.parts.storeTimeoutMs);
    if (unsaved.length === 0) return;
    // Not lost: the clients that made them were never told "saved" and send them again wherever they reconnect.
    this.parts.log.error('shutting down without storing these documents\' latest updates', {
      documents: unsaved.map((key) => `${key.appId}/${key.docId}`),
    });
  }
}
