/**
 * People in a document, from the document channel's presence (here / joining
 * / leaving) and its typing whispers. No DOM: the editor renders it.
 */
import { DocEvent } from '../../shared/doc/events.js';
import type { ChannelLike } from './pusher-types.js';

export interface Person {
  readonly id: string;
  readonly name: string;
  readonly color: string;
  readonly role: 'editor' | 'viewer';
  readonly avatar?: string;
}

interface MembersLike {
  each(callback: (member: { id: string; info: Record<string, unknown> }) => void): void;
  readonly me?: { id: string } | null;
}

/** How long a typing whisper counts, unless renewed. */
const TYPING_TTL_MS = 3000;
/** Typing whispers a client sends at most this often (Pusher allows 10 client events a second). */
const TYPING_THROTTLE_MS = 1000;

export class DocPresence {
  private members = new Map<string, Person>();
  private readonly typing = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly listeners = new Set<() => void>();
  private channel: (ChannelLike & { members?: MembersLike }) | undefined;
  private lastTypingSent = 0;
  private stopTimer: ReturnType<typeof setTimeout> | undefined;
  myId: string | undefined;

  /** Call with the provider's channel each time it is (re)subscribed. */
  attach(channel: ChannelLike): void {
    this.detach();
    this.channel = channel as ChannelLike & { members?: MembersLike };
    channel.bind('pusher:subscription_succeeded', this.reload);
    channel.bind('pusher:member_added', this.reload);
    channel.bind('pusher:member_removed', this.onRemoved);
    channel.bind(DocEvent.typing, this.onTyping);
    if (channel.subscribed) this.reload();
  }

  detach(): void {
    const channel = this.channel;
    if (!channel) return;
    channel.unbind('pusher:subscription_succeeded', this.reload);
    channel.unbind('pusher:member_added', this.reload);
    channel.unbind('pusher:member_removed', this.onRemoved);
    channel.unbind(DocEvent.typing, this.onTyping);
    this.channel = undefined;
  }

  people(): Person[] {
    return [...this.members.values()];
  }

  /** The member with this user id, if they are here. */
  person(id: string): Person | undefined {
    return this.members.get(id);
  }

  typingNames(): string[] {
    return [...this.typing.keys()].filter((id) => id !== this.myId).map((id) => this.members.get(id)?.name ?? 'Someone');
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Call on local keystrokes: whispers typing (throttled) and stops after a quiet spell. */
  localTyping(): void {
    const now = Date.now();
    if (now - this.lastTypingSent > TYPING_THROTTLE_MS) {
      this.lastTypingSent = now;
      this.channel?.trigger(DocEvent.typing, { typing: true });
    }
    if (this.stopTimer) clearTimeout(this.stopTimer);
    this.stopTimer = setTimeout(() => {
      this.lastTypingSent = 0;
      this.channel?.trigger(DocEvent.typing, { typing: false });
    }, TYPING_TTL_MS - 500);
  }

  destroy(): void {
    this.detach();
    if (this.stopTimer) clearTimeout(this.stopTimer);
    this.typing.forEach((timer) => clearTimeout(timer));
    this.typing.clear();
    this.listeners.clear();
  }

  private readonly reload = (): void => {
    const next = new Map<string, Person>();
    this.channel?.members?.each((member) => next.set(member.id, toPerson(member.id, member.info)));
    const me = this.channel?.members?.me?.id;
    this.myId = me === undefined ? this.myId : String(me);
    this.members = next;
    this.changed();
  };

  private readonly onRemoved = (member: { id: string }): void => {
    this.members.delete(member.id);
    this.stopTyping(member.id);
    this.changed();
  };

  private readonly onTyping = (data: { typing?: unknown }, meta?: { user_id?: string }): void => {
    const id = meta?.user_id;
    if (!id) return;
    this.stopTyping(id);
    if (data.typing === true) this.typing.set(id, setTimeout(() => (this.stopTyping(id), this.changed()), TYPING_TTL_MS));
    this.changed();
  };

  private stopTyping(id: string): void {
    const timer = this.typing.get(id);
    if (timer) clearTimeout(timer);
    this.typing.delete(id);
  }

  private changed(): void {
    this.listeners.forEach((listener) => listener());
  }
}

function toPerson(id: string, info: Record<string, unknown>): Person {
  const name = typeof info.name === 'string' && info.name.trim() ? info.name.slice(0, 60) : 'Anonymous';
  const color = typeof info.color === 'string' && /^#[0-9a-fA-F]{6}$/.test(info.color) ? info.color : '#888888';
  const avatar = typeof info.avatar === 'string' && /^https?:\/\//i.test(info.avatar) ? info.avatar : undefined;
  return { id, name, color, role: info.role === 'editor' ? 'editor' : 'viewer', ...(avatar ? { avatar } : {}) };
}
