/** Signing in to the demo: a name and a colour, which others see on your cursor. No password. */
import { api, type DemoUser } from './api.js';
import { h, setPageTitle } from './dom.js';
import { logo } from './header.js';

const COLORS = ['#d64545', '#2f7ed8', '#2e9e5b', '#b05fd1', '#e08a1e', '#1b9aaa'];

export function signInPage(onSignedIn: (user: DemoUser) => void): HTMLElement {
  setPageTitle('Sign in');
  const name = h('input', { id: 'name', name: 'name', required: '', maxlength: '40', autocomplete: 'nickname', placeholder: 'e.g. Ana', 'data-autofocus': '' });
  const color = h('input', { id: 'color', name: 'color', type: 'color', value: COLORS[Math.floor(Math.random() * COLORS.length)]! });
  const error = h('p', { class: 'form-error', role: 'alert' });
  const form = h('form', { class: 'card sign-in', 'aria-labelledby': 'sign-in-title' },
    h('div', { class: 'sign-in-brand' }, logo(), h('span', {}, 'Chorus')),
    h('h1', { id: 'sign-in-title' }, 'Write together'),
    h('p', { class: 'muted' }, 'Pick a name and a colour. Others see them on your cursor and in the document.'),
    h('div', { class: 'field' }, h('label', { for: 'name' }, 'Display name'), name),
    h('div', { class: 'field field-inline' }, h('label', { for: 'color' }, 'Colour'), color),
    h('button', { type: 'submit', class: 'primary wide' }, 'Continue'),
    error);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    api.signIn(name.value, color.value).then(onSignedIn, (e: Error) => (error.textContent = e.message));
  });
  return form;
}
