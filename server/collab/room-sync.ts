/**
 * A room's answers to its members' sync-1: the diff each lacks, then the
 * room's stored state vector. A large diff goes deflated when the client
 * offered it, in parts when still large, paced to the socket's speed and
 * outside the room's queue, so one slow newcomer does not hold up everybody's
 * edits. The answer to a client that holds nothing is kept (whole-state.ts).
 */
import * as Y from 'yjs';
import { toBase64 } from '../../shared/doc/base64.js';
import { DocEvent, MAX_SYNC2_PART_BYTES, PART_BYTES } from '../../shared/doc/events.js';
import { splitIntoParts } from '../../shared/doc/parts.js';
import { encodeServerFrame } from '../../shared/pusher/frames.js';
import type { Logger } from '../observability/log.js';
import type { DocMember } from './member.js';
import { encodeSync2, worthDeflating } from './sync-encoding.js';
import { isEmptyStateVector, WholeStateFrames, type WholeStateAnswer } from './whole-state.js';

export interface RoomSyncDeps {
  readonly doc: Y.Doc;
  readonly channel: string;
  readonly log: Logger;
  /** The state vector clients sync against (room-saves.ts). */
  readonly syncStateVector: () => Uint8Array;
  /** True while `member` is still the room's member for its socket. */
  readonly isMember: (member: DocMember) => boolean;
  /** Answers a sync-1 that came while a large answer was in flight, through the room's queue. */
  readonly answerLater: (member: DocMember, stateVector: Uint8Array, deflate: boolean) => void;
}

export class RoomSync {
  private partIds = 0;
  /** A newcomer's answer, built once until the document changes. */
  private readonly wholeState = new WholeStateFrames();

  constructor(private readonly deps: RoomSyncDeps) {}

  answer(member: DocMember, stateVector: Uint8Array, deflate: boolean): void {
    // One large answer in flight per member: a sync-1 meanwhile is answered after it, with the newest state vector only.
    if (member.syncInFlight) {
      member.nextSync = { stateVector, deflate };
      return;
    }
    // What is stored and in the doc, not all the doc holds: the client sends back whatever this node has not stored, or lacks.
    const sv = { sv: toBase64(this.deps.syncStateVector()) };
    const whole = isEmptyStateVector(stateVector);
    const kept = whole ? this.wholeState.kept(deflate) : undefined;
    if (kept) return this.sendLarge(member, kept, sv);
    const diff = Y.encodeStateAsUpdate(this.deps.doc, stateVector);
    const deflated = worthDeflating(diff, deflate);
    if (!deflated && diff.length <= MAX_SYNC2_PART_BYTES) {
      member.session.send(encodeServerFrame(DocEvent.sync2, { update: toBase64(diff) }, this.deps.channel));
      member.session.send(encodeServerFrame(DocEvent.serverSync1, sv, this.deps.channel));
      return;
    }
    const answer = this.largeAnswer(diff, deflated);
    if (whole) this.wholeState.keep(deflate, answer);
    this.sendLarge(member, answer, sv);
  }

  /** The document changed: a kept answer would miss the change. */
  changed(): void {
    this.wholeState.changed();
  }

  /** A large sync-2: deflated when `deflated`, in parts when still large (each send numbering its parts afresh). */
  private async largeAnswer(diff: Uint8Array, deflated: boolean): Promise<WholeStateAnswer> {
    const { bytes, encoding } = await encodeSync2(diff, deflated);
    const tag = encoding ? { encoding } : {};
    const frame = (payload: object): Buffer => Buffer.from(encodeServerFrame(DocEvent.sync2, { ...payload, ...tag }, this.deps.channel));
    if (bytes.length <= MAX_SYNC2_PART_BYTES) {
      const single = frame({ update: toBase64(bytes) });
      return { frames: () => [single], bytes: single.length };
    }
    const parts = splitIntoParts(bytes, PART_BYTES, '');
    const nextId = (): string => `s${this.partIds++}`;
    return {
      *frames() {
        const id = nextId();
        for (const part of parts) yield frame({ ...part, id });
      },
      bytes: parts.reduce((total, part) => total + part.update.length, 0),
    };
  }

  /** Sends a large answer paced to the socket, then the state vector; a sync-1 that came meanwhile is answered next. */
  private sendLarge(member: DocMember, answer: Promise<WholeStateAnswer>, sv: { sv: string }): void {
    member.syncInFlight = true;
    const send = async (): Promise<void> => {
      for (const frame of (await answer).frames()) {
        // A member that left (or subscribed again as a new member) is sent no more of it.
        if (!this.deps.isMember(member)) return;
        if (!(await member.session.sendPaced(frame))) return;
      }
      member.session.send(encodeServerFrame(DocEvent.serverSync1, sv, this.deps.channel));
    };
    void send().catch((error: unknown) => {
      this.deps.log.error('could not send a document to a member', { err: error, channel: this.deps.channel, socket_id: member.socketId });
    }).finally(() => {
      member.syncInFlight = false;
      const next = member.nextSync;
      member.nextSync = undefined;
      if (next && this.deps.isMember(member)) this.deps.answerLater(member, next.stateVector, next.deflate);
    });
  }
}
