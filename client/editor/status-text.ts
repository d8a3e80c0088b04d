/**
 * What the status line says, from what is known about the connection, the
 * server's store and this tab's edits. Whenever edits are not yet stored and
 * the server cannot be reached, it says they are kept on this device.
 */
import type { Refusal, StoreProblem } from '../collab/provider.js';
import { refusalText } from './refusal-text.js';

export type StatusKind = 'reconnecting' | 'offline' | 'unavailable' | 'read-only' | 'not-saved' | 'saving' | 'saved' | 'refused' | 'not-found';

export interface StatusFacts {
  /** The browser says it is online. */
  readonly online: boolean;
  /** pusher-js's connection state. */
  readonly connection: string;
  readonly subscribed: boolean;
  readonly synced: boolean;
  /** The role is known and an editor's offline copy is loaded. */
  readonly restored: boolean;
  readonly readOnly: boolean;
  readonly unsaved: boolean;
  readonly storeProblem: StoreProblem | undefined;
  readonly refusal: Refusal | undefined;
  /** The page opened the document with a share link. */
  readonly shareLink: boolean;
}

const KEPT = 'changes kept on this device';

export function statusOf(facts: StatusFacts): { kind: StatusKind; text: string } {
  if (facts.refusal) {
    const { kind, title } = refusalText(facts.refusal, facts.shareLink);
    return { kind, text: title };
  }
  if (!facts.online || ['failed', 'disconnected'].includes(facts.connection)) {
    return { kind: 'offline', text: facts.unsaved ? `Offline: ${KEPT}` : 'Offline' };
  }
  if (facts.connection === 'unavailable') {
    return { kind: 'offline', text: facts.unsaved ? `Can’t reach the server: ${KEPT}` : 'Can’t reach the server; trying again' };
  }
  if (facts.storeProblem === 'not-loaded') return { kind: 'unavailable', text: 'Cannot open the document right now; trying again' };
  if (facts.connection !== 'connected' || !facts.subscribed || !facts.synced || !facts.restored) {
    const first = !facts.restored || (facts.connection === 'connecting' && !facts.synced && !facts.subscribed);
    const text = first ? 'Connecting…' : 'Reconnecting…';
    return { kind: 'reconnecting', text: facts.unsaved ? `${text} ${KEPT}` : text };
  }
  if (facts.readOnly) return { kind: 'read-only', text: 'Read-only' };
  if (facts.unsaved && facts.storeProblem === 'not-saved') return { kind: 'not-saved', text: `Not saved yet — retrying; ${KEPT}` };
  return facts.unsaved ? { kind: 'saving', text: 'Saving…' } : { kind: 'saved', text: 'Saved' };
}
