/**
 * The parts of pusher-js the provider uses, typed structurally so that a
 * pusher-js instance, Echo's `echo.connector.pusher`, or pusher-js's Node
 * build all fit.
 */
export interface ChannelLike {
  bind(event: string, callback: (data: never, metadata?: { user_id?: string }) => void): unknown;
  unbind(event?: string, callback?: (...args: never[]) => void): unknown;
  trigger(event: string, data: unknown): boolean;
  readonly subscribed: boolean;
}

export interface PusherLike {
  subscribe(channel: string): ChannelLike;
  unsubscribe(channel: string): void;
  readonly connection: {
    readonly state: string;
    readonly socket_id?: string;
    bind(event: string, callback: (...args: never[]) => void): unknown;
    unbind(event?: string, callback?: (...args: never[]) => void): unknown;
  };
}
