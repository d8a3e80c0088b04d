/**
 * Labels for other tabs' cursors. A tab puts its user id in its awareness
 * state (the server refuses a state naming another user), so a cursor is
 * labelled with the name that user's signature gave them, and one's own
 * other tab reads "You (other tab)" rather than looking like a stranger
 * with one's name. A state without a user id keeps the name it chose.
 */
import type { DocPresence } from '../collab/presence.js';
import type { CursorName } from './collab-binding.js';

export const OWN_OTHER_TAB = 'You (other tab)';

export function cursorNames(presence: DocPresence): CursorName {
  return (state) => {
    const userId = (state.awarenessData as { userId?: unknown } | undefined)?.userId;
    if (typeof userId === 'string') {
      if (userId === presence.myId) return OWN_OTHER_TAB;
      const person = presence.person(userId);
      if (person) return person.name;
    }
    return typeof state.name === 'string' && state.name.trim() ? state.name.slice(0, 60) : 'Someone';
  };
}
