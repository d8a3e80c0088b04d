/**
 * The channels of one app on this node. Empty channels are dropped, so memory
 * follows occupied channels only.
 */
import { Channel, type Subscriber } from './channel.js';
import type { Member } from './presence.js';

export interface SubscribeOutcome {
  readonly channel: Channel;
  /** Set when the subscription made a user newly present. */
  readonly memberAdded?: Member;
}

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

  subscribe(subscriber: Subscriber, name: string, member?: Member): SubscribeOutcome {
    let channel = this.channels.get(name);
    if (!channel) {
      channel = new Channel(name);
      this.channels.set(name, channel);
      this.listener?.occupied(name);
    }
    channel.subscribers.set(subscriber.socketId, subscriber);
    const memberAdded = member && channel.roster ? channel.roster.add(subscriber.socketId, member) : undefined;
    return memberAdded ? { channel, memberAdded } : { channel };
  }

  /** Returns the user id whose last socket left, for member_removed. */
  unsubscribe(socketId: string, name: string): { channel?: Channel; memberRemoved?: string } {
    const channel = this.channels.get(name);
    if (!channel || !channel.subscribers.delete(socketId)) return {};
    const memberRemoved = channel.roster?.remove(socketId);
    if (channel.subscribers.size === 0) {
      this.channels.delete(name);
      this.listener?.vacated(name);
    }
    return memberRemoved === undefined ? { channel } : { channel, memberRemoved };
  }
}

/** One registry per app id. */
export class AppChannels {
  private readonly registries = new Map<string, ChannelRegistry>();

  constructor(private readonly listener?: (appId: string) => OccupancyListener) {}

  for(appId: string): ChannelRegistry {
    let registry = this.registries.get(appId);
    if (!registry) {
      registry = new ChannelRegistry(this.listener?.(appId));
      this.registries.set(appId, registry);
    }
    return registry;
  }
}
