/**
 * After Redis trouble: tells this node's presence subscribers about members
 * who joined or left without their hearing of it, by comparing the list they
 * hold with the cluster's and announcing the differences to them.
 */
import type { AppChannels } from '../channels/registry.js';
import type { PresenceResync } from '../scaling/cluster-state.js';
import type { Dispatcher } from './dispatcher.js';

export async function resyncPresence(channels: AppChannels, dispatcher: Dispatcher, resync: PresenceResync): Promise<void> {
  for (const [appId, registry] of channels.entries()) {
    for (const channel of [...registry.all()]) {
      if (!channel.presence) continue;
      const changes = await channel.presence.differences(() => resync.members(appId, channel.name), resync.complete);
      // Emptied meanwhile (and perhaps occupied again, with a list of its own): nobody holds the compared list.
      if (registry.find(channel.name) !== channel) continue;
      for (const change of changes) dispatcher.announce(appId, channel.name, change, { everywhere: false });
    }
  }
}
