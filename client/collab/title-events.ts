/**
 * The document's title as the server announces it on the document channel
 * (`doc-renamed`) after each rename, for whoever has the document open. No
 * DOM: the page shows it. A title that is not a string is ignored, a longer
 * one than the server keeps is cut.
 */
import { DocEvent, MAX_TITLE_LENGTH } from '../../shared/doc/events.js';
import type { ChannelLike } from './pusher-types.js';

export class TitleEvents {
  private channel: ChannelLike | undefined;
  private readonly listeners = new Set<(title: string) => void>();

  /** Call with the provider's channel each time it is (re)subscribed. */
  attach(channel: ChannelLike): void {
    this.detach();
    this.channel = channel;
    channel.bind(DocEvent.renamed, this.onRenamed);
  }

  onTitle(listener: (title: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  destroy(): void {
    this.detach();
    this.listeners.clear();
  }

  private detach(): void {
    this.channel?.unbind(DocEvent.renamed, this.onRenamed);
    this.channel = undefined;
  }

  private readonly onRenamed = (data: { title?: unknown } | null): void => {
    const title = typeof data?.title === 'string' ? data.title.trim().slice(0, MAX_TITLE_LENGTH) : '';
    if (title) this.listeners.forEach((listener) => listener(title));
  };
}
