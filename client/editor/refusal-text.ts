/**
 * What to tell someone whose document cannot be opened at all: not found, no
 * access, or a share link that does not work (expired, revoked, for another
 * document). The status line shows the title; the notice in place of the
 * editor shows it all.
 */
import type { Refusal } from '../collab/provider.js';
import type { IconName } from './icons.js';

export interface RefusalText {
  readonly kind: 'not-found' | 'refused';
  readonly icon: IconName;
  readonly title: string;
  readonly text: string;
}

export function refusalText(refusal: Refusal, shareLink: boolean): RefusalText {
  if (refusal.notFound) {
    return { kind: 'not-found', icon: 'search', title: 'Document not found', text: 'There is no document at this address. Check the link, or ask whoever sent it.' };
  }
  if (refusal.status === 401 || refusal.status === 403) {
    return shareLink
      ? { kind: 'refused', icon: 'brokenLink', title: 'This link does not work', text: 'It may have expired, or its owner revoked it. Ask them for a new link.' }
      : { kind: 'refused', icon: 'lock', title: 'You don’t have access to this document', text: 'Ask its owner to share it with you.' };
  }
  const code = refusal.status ? ` (${refusal.status})` : '';
  return { kind: 'refused', icon: 'lock', title: 'Cannot open the document', text: `The server refused it${code}. Try again later.` };
}
