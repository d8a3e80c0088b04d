/**
 * Who is here: avatars from presence (viewers included), with a count beyond
 * a few, and the "… is typing" line from typing whispers. Names and URLs come
 * from other users, so they are set as text and validated URLs, never HTML.
 */
import type { DocPresence, Person } from '../collab/presence.js';

const SHOWN = 5;

export function mountAvatars(container: HTMLElement, presence: DocPresence): () => void {
  container.setAttribute('role', 'list');
  container.setAttribute('aria-label', 'People in this document');
  const render = (): void => {
    // You first, marked as you: your other tabs are the same person, shown once.
    const people = presence.people().sort((a, b) => Number(b.id === presence.myId) - Number(a.id === presence.myId));
    container.replaceChildren(...people.slice(0, SHOWN).map((person) => avatar(person, person.id === presence.myId)));
    if (people.length > SHOWN) {
      const more = document.createElement('span');
      more.className = 'avatar more';
      more.setAttribute('role', 'listitem');
      more.textContent = `+${people.length - SHOWN}`;
      more.title = people.slice(SHOWN).map((p) => p.name).join(', ');
      container.append(more);
    }
    container.dataset.count = String(people.length);
  };
  render();
  return presence.onChange(render);
}

function avatar(person: Person, you: boolean): HTMLElement {
  const item = document.createElement('span');
  item.className = `avatar${person.role === 'viewer' ? ' viewer' : ''}${you ? ' you' : ''}`;
  item.setAttribute('role', 'listitem');
  const notes = [you ? 'you' : '', person.role === 'viewer' ? 'viewer' : ''].filter(Boolean).join(', ');
  item.setAttribute('aria-label', notes ? `${person.name} (${notes})` : person.name);
  item.title = item.getAttribute('aria-label') ?? '';
  item.style.setProperty('--avatar-color', person.color);
  if (person.avatar) {
    const image = document.createElement('img');
    image.src = person.avatar;
    image.alt = '';
    item.append(image);
  } else {
    item.textContent = initials(person.name);
  }
  return item;
}

function initials(name: string): string {
  return name.split(/\s+/).filter(Boolean).slice(0, 2).map((word) => [...word][0]?.toUpperCase() ?? '').join('') || '?';
}

export function mountTyping(line: HTMLElement, presence: DocPresence): () => void {
  line.setAttribute('aria-live', 'polite');
  const render = (): void => {
    const names = presence.typingNames();
    line.textContent = names.length === 0 ? '' : names.length === 1 ? `${names[0]} is typing…` : `${names.slice(0, -1).join(', ')} and ${names.at(-1)} are typing…`;
  };
  render();
  return presence.onChange(render);
}
