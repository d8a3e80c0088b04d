/**
 * What the Pusher layer tells whoever reports on it (webhooks, composed in
 * app.ts): each change already decided once for the cluster, so every
 * listener hears it from exactly one node.
 */
import type { WebhookEventName } from '../config/webhooks.js';

export interface ClientEventActivity {
  readonly channel: string;
  readonly event: string;
  readonly data: string;
  readonly socketId: string;
  /** The sender's user id, on presence channels. */
  readonly userId?: string;
}

export interface Activity {
  /** Whether anyone listens for this kind of change in the app (else the work to decide it is skipped). */
  wants(appId: string, name: WebhookEventName): boolean;
  /** A user's first socket in a presence channel, anywhere. */
  memberAdded(appId: string, channel: string, userId: string): void;
  /** A user's last socket in a presence channel left, everywhere. */
  memberRemoved(appId: string, channel: string, userId: string): void;
  clientEvent(appId: string, event: ClientEventActivity): void;
  /** The first subscriber of an empty spell found a cache channel empty. */
  cacheMissed(appId: string, channel: string): void;
}

/** Nobody listening. */
export const NO_ACTIVITY: Activity = {
  wants: () => false,
  memberAdded: () => undefined,
  memberRemoved: () => undefined,
  clientEvent: () => undefined,
  cacheMissed: () => undefined,
};
