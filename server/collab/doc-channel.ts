/**
 * The document channels' hook into the Pusher layer: `presence-doc.{id}`.
 * Flow: pusher/client-events.ts → here (role, rate, decoding, validation) →
 * doc-room.ts (apply in order, relay through the dispatcher, persist).
 * Everything that is refused is refused here, synchronously, as a PusherError.
 */
import * as Y from 'yjs';
import { fromBase64 } from '../../shared/doc/base64.js';
import { DocEvent, docIdOf, MAX_UPDATE_BYTES } from '../../shared/doc/events.js';
import { SYNC_ENCODING } from '../../shared/doc/inflate.js';
import { isPartPayload } from '../../shared/doc/parts.js';
import { roleOf } from '../../shared/doc/roles.js';
import { dataAsObject, type ClientFrame } from '../../shared/pusher/frames.js';
import type { Member } from '../channels/presence.js';
import type { AppConfig, DocumentsConfig } from '../config/types.js';
import type { ChannelHook, HookRefusal } from '../pusher/channel-hooks.js';
import { PusherError } from '../pusher/errors.js';
import type { Session } from '../pusher/session.js';
import type { DocHub } from './doc-hub.js';
import type { DocRoom } from './doc-room.js';
import { DocMember } from './member.js';
import type { DocumentStore } from './store.js';
import type { DecodedUpdate } from './stored-state.js';

/** A base64 update of MAX_UPDATE_BYTES, plus room for the JSON around it. */
export const MAX_EDITOR_FRAME = Math.ceil(MAX_UPDATE_BYTES / 3) * 4 + 4096;
const LARGE_EVENTS: ReadonlySet<string> = new Set([DocEvent.update]);

export class DocChannelHook implements ChannelHook {
  constructor(private readonly hub: DocHub, private readonly config: DocumentsConfig, private readonly store: Pick<DocumentStore, 'info'>) {}

  owns(channel: string): boolean {
    return docIdOf(channel) !== undefined;
  }

  /**
   * Unless CHORUS_DOC_CREATE_ON_OPEN is on, opening a document that does not
   * exist is refused as not found, so that a mistyped or made-up id never
   * creates one. A store that cannot answer does not refuse: the room's load
   * reports that, and retries.
   */
  async admit(session: Session, channel: string): Promise<HookRefusal | undefined> {
    const key = this.key(session.app, channel);
    if (this.config.createOnOpen || this.hub.find(key)) return undefined;
    const info = await this.store.info(key).catch(() => null);
    return info === undefined ? { type: 'NotFound', error: `No document ${key.docId}`, status: 404 } : undefined;
  }

  maxMembers(): number {
    return this.config.maxMembers;
  }

  joined(session: Session, channel: string, member: Member | undefined): void {
    const room = this.hub.open(this.key(session.app, channel));
    const role = roleOf(member?.userInfo);
    room.join(new DocMember(session, role, member?.userId ?? '', this.config, member?.userInfo));
    if (role === 'editor') session.allowLargeFrames(channel, MAX_EDITOR_FRAME, LARGE_EVENTS);
  }

  left(session: Session, channel: string): void {
    session.dropLargeFrames(channel);
    const room = this.hub.find(this.key(session.app, channel));
    if (!room) return;
    room.leave(session.socketId);
    this.hub.release(room);
  }

  clientEvent(session: Session, channel: string, frame: ClientFrame): boolean {
    if (frame.event === DocEvent.sync1) this.sync(this.memberOf(session, channel), frame.data);
    else if (frame.event === DocEvent.update) this.update(this.memberOf(session, channel), frame.data);
    else if (frame.event === DocEvent.awareness) this.awareness(this.memberOf(session, channel), frame.data);
    else return false; // typing and other whispers are ordinary client events
    return true;
  }

  remote(appId: string, channel: string, hook: { kind: string; data: string }, frame: string | undefined): void {
    const docId = docIdOf(channel);
    const room = docId === undefined ? undefined : this.hub.find({ appId, docId });
    if (room) void room.run(() => room.fromNode(hook.kind, hook.data, frame));
  }

  private sync({ room, member }: Located, data: unknown): void {
    this.limit(member);
    const payload = dataAsObject(data);
    const sv = fromBase64(payload?.sv);
    if (!sv) throw new PusherError('invalidUpdate', 'client-yjs-sync-1 needs { sv: base64 state vector }');
    try {
      Y.decodeStateVector(sv);
    } catch {
      throw new PusherError('invalidUpdate', 'sv is not a Yjs state vector');
    }
    const deflate = payload?.encoding === SYNC_ENCODING;
    void room.run(() => room.sync(member, sv, deflate));
  }

  private update({ room, member }: Located, data: unknown): void {
    if (member.role !== 'editor') throw new PusherError('readOnly');
    this.limit(member);
    const payload = dataAsObject(data);
    if (!payload) throw new PusherError('invalidUpdate', 'client-yjs-update needs { update: base64 }');
    let bytes: Uint8Array | undefined;
    if (isPartPayload(payload)) {
      const result = member.parts.add(payload);
      if (result.kind === 'invalid') throw new PusherError('invalidUpdate', `Invalid update part: ${result.reason}`);
      if (result.kind === 'incomplete') return;
      bytes = result.bytes;
    } else {
      bytes = fromBase64(payload.update);
      if (!bytes) throw new PusherError('invalidUpdate', 'update is not base64');
    }
    const decoded = decodeYjsUpdate(bytes);
    const update = bytes;
    const ack = Number.isSafeInteger(payload.ack) && (payload.ack as number) > 0 ? (payload.ack as number) : undefined;
    void room.run(() => room.applyFromMember(member, update, decoded, ack));
  }

  private awareness({ room, member }: Located, data: unknown): void {
    this.limit(member);
    const update = fromBase64(dataAsObject(data)?.update);
    if (!update) throw new PusherError('invalidUpdate', 'client-yjs-awareness needs { update: base64 }');
    room.awareness.apply(member, update);
  }

  private limit(member: DocMember): void {
    if (!member.limiter.take()) {
      throw new PusherError('rateLimited', `Document event rejected due to rate limit (${this.config.eventRate} a second)`);
    }
  }

  private memberOf(session: Session, channel: string): Located {
    const room = this.hub.find(this.key(session.app, channel));
    const member = room?.members.get(session.socketId);
    if (!room || !member) throw new PusherError('clientEventRejected', `Join ${channel} before sending document events`);
    return { room, member };
  }

  private key(app: AppConfig, channel: string): { appId: string; docId: string } {
    return { appId: app.id, docId: docIdOf(channel) ?? '' };
  }
}

interface Located {
  readonly room: DocRoom;
  readonly member: DocMember;
}

/**
 * Decodes a Yjs (v1) update, refusing bytes that are not one before anything
 * is applied. Some corrupted updates decode but throw half-way through being
 * applied, leaving a document half-changed; they throw on an empty document
 * too, so they are tried on one first (fuzzing found them).
 */
function decodeYjsUpdate(bytes: Uint8Array): DecodedUpdate {
  try {
    const decoded = Y.decodeUpdate(bytes);
    // A fixed guid: the default is a random UUID, which costs more than the check itself.
    Y.applyUpdate(new Y.Doc({ gc: false, guid: 'update-check' }), bytes);
    return decoded;
  } catch {
    throw new PusherError('invalidUpdate');
  }
}
