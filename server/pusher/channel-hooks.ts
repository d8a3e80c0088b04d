/**
 * The one seam where channel-specific behaviour plugs into the Pusher layer
 * (documents, for `presence-doc.*`). The Pusher layer defines it and never
 * imports an implementation; app.ts registers them.
 */
import type { ClientFrame } from '../../shared/pusher/frames.js';
import type { Member } from '../channels/presence.js';
import type { AppConfig } from '../config/types.js';
import type { HookPayload } from '../scaling/pubsub.js';
import type { Session } from './session.js';

/** Why a hook refuses a subscription: sent as pusher:subscription_error on that channel. */
export interface HookRefusal {
  readonly type: string;
  readonly error: string;
  readonly status: number;
}

export interface ChannelHook {
  owns(channel: string): boolean;
  /** Before the session joins (its signature already checked): a refusal, or undefined to let it join. */
  admit?(session: Session, channel: string): Promise<HookRefusal | undefined>;
  /** Presence member limit for the channels this hook owns. */
  maxMembers(app: AppConfig): number;
  /** After subscription_succeeded was sent to the session. */
  joined(session: Session, channel: string, member: Member | undefined): void;
  /** After the session left the channel (unsubscribe or disconnect). */
  left(session: Session, channel: string): void;
  /**
   * A client event on an owned channel, after the membership checks. Returns
   * true when the hook handled it; false lets it be relayed as an ordinary
   * client event. Throws PusherError for input it refuses.
   */
  clientEvent(session: Session, channel: string, frame: ClientFrame): boolean;
  /** A message another node published for this channel's hook (see Dispatcher.publishToNodes). */
  remote?(appId: string, channel: string, hook: HookPayload, frame: string | undefined): void;
}

export class ChannelHooks {
  constructor(private readonly hooks: readonly ChannelHook[] = []) {}

  find(channel: string): ChannelHook | undefined {
    return this.hooks.find((hook) => hook.owns(channel));
  }
}
