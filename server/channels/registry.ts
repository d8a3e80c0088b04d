/**
 * The channels of one app on this node. Empty channels are dropped, so memory
 * follows occupied channels only.
 */
import { Channel, type Subscriber } from './channel.js';

/** Told when a channel gets its first local subscriber and loses its last (pub/sub interest). */
export interface OccupancyListener {
  occupied(channel: string): void;
  vacated(channel: string): void;
}

export class ChannelRegistry {
  private readonly channels = new Map<string, Channel>();

  constructor(private readonly listener?: OccupancyListener) {}

  find(name: string): Channel | undefined {
    return this.channels.get(name);
  }

  all(): IterableIterator<Channel> {
    return this.channels.values();
  }

  subscribe(subscriber: Subscriber, name: string): Channel {
    let channel = this.channels.get(name);
    if (!channel) {
      channel = new Channel(name);
      this.channels.set(name, channel);
      this.listener?.occupied(name);
    }
    channel.subscribers.set(subscriber.socketId, subscriber);
    return channel;
  }

  unsubscribe(socketId: string, name: string): void {
    const channel = this.channels.get(name);
    if (!channel || !channel.subscribers.delete(socketId)) return;
    if (channel.subscribers.size === 0) {
      this.channels.delete(name);
      this.listener?.vacated(name);
    }
  }
}

/** One registry per app id. */
export class AppChannels {
  private readonly registries = new Map<string, ChannelRegistry>();

  constructor(private readonly listener?: (appId: string) => OccupancyListener) {}

  /** Every app's registry that was ever asked for, with its app id. */
  entries(): IterableIterator<[string, ChannelRegistry]> {
    return this.registries.entries();
  }

  for(appId: string): ChannelRegistry {
    let registry = this.registries.get(appId);
    if (!registry) {
      registry = new ChannelRegistry(this.listener?.(appId));
      this.registries.set(appId, registry);
    }
    return registry;
  }
}
