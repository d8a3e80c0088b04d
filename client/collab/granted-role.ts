/**
 * The role the server's signature grants this connection on the document
 * channel. pusher-js keeps only the user id of a presence signature, so the
 * authorizer is wrapped to read `user_info.role` from the channel_data that
 * the auth endpoint returned; the role counts once the server accepted that
 * subscription. (The presence roster is no substitute: it shows a user's
 * first connection, which may have another role than this one.)
 * Every (re)subscription is signed anew, so the role can change while open.
 */
import { roleOf, type DocRole } from '../../shared/doc/roles.js';
import type { ChannelLike } from './pusher-types.js';

type AuthorizationCallback = (error: Error | null, data: { channel_data?: string } | null) => void;

/** The part of pusher-js's configuration that signs subscriptions. */
export interface AuthorizingPusher {
  readonly config: {
    channelAuthorizer: (params: { socketId: string; channelName: string }, callback: AuthorizationCallback) => void;
  };
}

export class GrantedRole {
  private signed: DocRole | undefined;
  private first: DocRole | undefined;
  private readonly listeners = new Set<(role: DocRole) => void>();

  constructor(pusher: AuthorizingPusher, private readonly channelName: string) {
    const authorize = pusher.config.channelAuthorizer;
    pusher.config.channelAuthorizer = (params, callback) => authorize(params, (error, data) => {
      if (!error && params.channelName === this.channelName) this.signed = roleOf(userInfoOf(data?.channel_data));
      callback(error, data);
    });
  }

  /** The role first granted: the one this session serves. Undefined until then. */
  get role(): DocRole | undefined {
    return this.first;
  }

  /** Call with the document channel each time it is subscribed anew. */
  attach(channel: ChannelLike): void {
    channel.bind('pusher:subscription_succeeded', this.onSubscribed);
    if (channel.subscribed) this.onSubscribed();
  }

  /** Called with the role of every accepted subscription: the first, and each later one. */
  onGranted(listener: (role: DocRole) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  destroy(): void {
    this.listeners.clear();
  }

  private readonly onSubscribed = (): void => {
    const role = this.signed;
    if (!role) return;
    this.first ??= role;
    this.listeners.forEach((listener) => listener(role));
  };
}

function userInfoOf(channelData: string | undefined): unknown {
  try {
    return (JSON.parse(channelData ?? '{}') as { user_info?: unknown }).user_info;
  } catch {
    return undefined;
  }
}
