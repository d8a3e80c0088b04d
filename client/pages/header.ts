/** The app's bar: the name (home), who is signed in, and signing out. */
import type { DemoUser } from './api.js';
import { h } from './dom.js';

export function appHeader(user: DemoUser, signOut: () => void): HTMLElement {
  const home = h('a', { class: 'brand', href: '#/', 'aria-label': 'Chorus: your documents' }, logo(), h('span', {}, 'Chorus'));
  const badge = h('span', { class: 'user-badge', 'aria-hidden': 'true' }, initials(user.name));
  badge.style.setProperty('--user-color', user.color);
  const me = h('span', { class: 'user' }, badge, h('span', { class: 'user-name' }, user.name));
  const out = h('button', { type: 'button', class: 'quiet' }, 'Sign out');
  out.addEventListener('click', signOut);
  return h('header', { class: 'app-header' }, h('div', { class: 'app-header-inner' }, home, h('div', { class: 'app-header-end' }, me, out)));
}

/** The favicon is the mark: lines of text and someone else's caret. */
export function logo(): HTMLImageElement {
  return h('img', { class: 'brand-mark', src: 'favicon.svg', alt: '', width: '28', height: '28' });
}

function initials(name: string): string {
  return name.split(/\s+/).filter(Boolean).slice(0, 2).map((word) => [...word][0]?.toUpperCase() ?? '').join('') || '?';
}
