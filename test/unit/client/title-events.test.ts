/** The title a rename announces on the document channel: only strings, bounded, from the channel attached last. */
import { describe, expect, it } from 'vitest';
import { DocEvent, MAX_TITLE_LENGTH } from '../../../shared/doc/events.js';
import type { ChannelLike } from '../../../client/collab/pusher-types.js';
import { TitleEvents } from '../../../client/collab/title-events.js';

/** A channel that keeps its bindings, so a test can deliver an event as pusher-js would. */
function fakeChannel(): ChannelLike & { deliver(event: string, data: unknown): void } {
  const bound = new Map<string, Set<(data: never) => void>>();
  return {
    subscribed: true,
    bind: (event, callback) => bound.set(event, (bound.get(event) ?? new Set()).add(callback)),
    unbind: (event, callback) => bound.get(event ?? '')?.delete(callback as (data: never) => void),
    trigger: () => true,
    deliver: (event, data) => bound.get(event)?.forEach((callback) => callback(data as never)),
  };
}

/** TitleEvents attached to a fake channel, with the titles it passed on. */
function listening(): { titles: TitleEvents; heard: string[]; channel: ReturnType<typeof fakeChannel> } {
  const titles = new TitleEvents();
  const heard: string[] = [];
  titles.onTitle((title) => heard.push(title));
  const channel = fakeChannel();
  titles.attach(channel);
  return { titles, heard, channel };
}

describe('TitleEvents', () => {
  it('passes on each renamed title, trimmed and cut to the length the server keeps', () => {
    const { heard, channel } = listening();
    channel.deliver(DocEvent.renamed, { title: '  <b>Plan</b> ' });
    channel.deliver(DocEvent.renamed, { title: 'x'.repeat(MAX_TITLE_LENGTH + 50) });
    expect(heard).toEqual(['<b>Plan</b>', 'x'.repeat(MAX_TITLE_LENGTH)]);
  });

  it('ignores a title that is not a non-empty string', () => {
    const { heard, channel } = listening();
    for (const data of [null, {}, { title: 42 }, { title: ['a'] }, { title: '   ' }]) channel.deliver(DocEvent.renamed, data);
    expect(heard).toEqual([]);
  });

  it('listens to the channel attached last only, and to none once destroyed', () => {
    const { titles, heard, channel: first } = listening();
    const second = fakeChannel();
    titles.attach(second);
    first.deliver(DocEvent.renamed, { title: 'Old channel' });
    second.deliver(DocEvent.renamed, { title: 'New channel' });
    titles.destroy();
    second.deliver(DocEvent.renamed, { title: 'After destroy' });
    expect(heard).toEqual(['New channel']);
  });
});
