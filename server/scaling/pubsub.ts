/**
 * The one seam every delivery crosses. HTTP triggers, client events and
 * presence changes are published here, and every node that has subscribers on
 * the channel, the sender's included, delivers from its subscription.
 * In-process and Redis share this interface, so one node and many nodes take
 * the same path.
 */

import type { PresenceChange } from '../channels/presence-view.js';

/** Something a channel's hook on other nodes must see (documents: updates and state vectors). */
export interface HookPayload {
  readonly kind: string;
  readonly data: string;
}

/** A message for one channel, delivered on every node that watches it. */
export interface BroadcastMessage {
  readonly appId: string;
  readonly channel: string;
  /** The frame for local subscribers, already encoded; absent for node-to-node messages. */
  readonly frame?: string;
  /** The sender's socket, which must not receive its own event. */
  readonly exceptSocketId?: string;
  /** For the channel's hook on the other nodes. */
  readonly hook?: HookPayload;
  /** The member change a member_added / member_removed frame tells (each node sends it only if its clients lack it). */
  readonly presence?: PresenceChange;
  /** An event the cache channel keeps as its last (HTTP API events on cache channels). */
  readonly cached?: boolean;
  /** The publishing node, stamped by the pub/sub. */
  readonly origin?: string;
}

/** Cluster-wide commands that are not about one channel. */
export type ControlMessage =
  | { readonly type: 'terminate'; readonly appId: string; readonly userId: string }
  /** Who may use a channel changed: its subscribers (but `keepUserId`) reconnect and are authorised anew. */
  | { readonly type: 'reauthorize'; readonly appId: string; readonly channel: string; readonly keepUserId?: string }
  /** A user's first connection signed in anywhere (online), or their last one closed (offline): for watchlists. */
  | { readonly type: 'watchlist'; readonly appId: string; readonly userId: string; readonly online: boolean }
  /** A node wrote its memberships back after Redis trouble: the others re-read presence from Redis. */
  | { readonly type: 'resync'; readonly node: string }
  /** `chorus restart` asks one node to drain and exit (its process manager starts it again). */
  | { readonly type: 'restart'; readonly node: string; readonly request: string }
  /** The node's answer: it is draining. */
  | { readonly type: 'restarting'; readonly node: string; readonly request: string }
  /** A node began serving clients (after a restart, its replacement). */
  | { readonly type: 'started'; readonly node: string };

export type BroadcastHandler = (message: BroadcastMessage) => void;
export type ControlHandler = (message: ControlMessage) => void;

export interface PubSub {
  readonly nodeId: string;
  publish(message: BroadcastMessage): void;
  subscribe(handler: BroadcastHandler): void;
  /** This node has local subscribers on the channel now: it needs the channel's traffic. */
  watch(appId: string, channel: string): void;
  /** Resolves once the channel's traffic really reaches this node (before a subscription is confirmed). */
  whenWatching(appId: string, channel: string): Promise<void>;
  /** Its last local subscriber left: traffic for the channel can stop coming here. */
  unwatch(appId: string, channel: string): void;
  publishControl(message: ControlMessage): void;
  onControl(handler: ControlHandler): void;
  /** Resolves once cross-node delivery works, or after timeoutMs (the node then starts degraded). */
  ready(timeoutMs: number): Promise<void>;
  /** Whether cross-node delivery works right now (for /up). */
  health(): { healthy: boolean; detail: string };
  close(): Promise<void>;
}
