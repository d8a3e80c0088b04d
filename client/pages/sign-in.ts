import { api, type DemoUser } from './api.js';
import { h } from './dom.js';

const COLORS = ['#d64545', '#2f7ed8', '#2e9e5b', '#b05fd1', '#e08a1e', '#1b9aaa'];

export function signInPage(onSignedIn: (user: DemoUser) => void): HTMLElement {
  const name = h('input', { id: 'name', name: 'name', required: '', maxlength: '40', autocomplete: 'nickname', 'aria-label': 'Display name' });
  const color = h('input', { id: 'color', name: 'color', type: 'color', value: COLORS[Math.floor(Math.random() * COLORS.length)]!, 'aria-label': 'Colour' });
  const error = h('p', { class: 'error', role: 'alert' });
  const form = h('form', { class: 'card', 'aria-label': 'Sign in' },
    h('h1', {}, 'Chorus'),
    h('p', {}, 'Write together. Pick a name and a colour; others see them on your cursor.'),
    h('label', { for: 'name' }, 'Your name'), name,
    h('label', { for: 'color' }, 'Your colour'), color,
    h('button', { type: 'submit' }, 'Continue'),
    error);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    api.signIn(name.value, color.value).then(onSignedIn, (e: Error) => (error.textContent = e.message));
  });
  return form;
}
