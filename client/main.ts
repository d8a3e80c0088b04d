/**
 * The demo app: sign in, a document list, and the editor. Hash routes:
 * `#/` (documents) and `#/doc/{id}?share=token`.
 */
import { api, type DemoUser } from './pages/api.js';
import { documentPage } from './pages/document.js';
import { documentsPage } from './pages/documents.js';
import { signInPage } from './pages/sign-in.js';
import './styles.css';

const app = document.querySelector<HTMLElement>('#app')!;
let cleanup: (() => void) | undefined;
let renders = 0;

async function render(): Promise<void> {
  cleanup?.();
  cleanup = undefined;
  const current = ++renders;
  const [user, config] = await Promise.all([api.me(), api.config()]);
  if (current !== renders) return; // the address changed meanwhile: a newer render draws
  if (!user) {
    app.replaceChildren(signInPage(() => void render()));
    return;
  }
  const route = /^#\/doc\/([A-Za-z0-9_-]{1,64})(?:\?share=([A-Za-z0-9_.-]{1,200}))?$/.exec(location.hash);
  if (route) {
    const page = await documentPage(route[1]!, route[2], user, config.key, config.path);
    if (current !== renders) return page.destroy();
    app.replaceChildren(header(user), page.element);
    cleanup = page.destroy;
  } else {
    app.replaceChildren(header(user), documentsPage((id) => (location.hash = `#/doc/${id}`)));
  }
}

function header(user: DemoUser): HTMLElement {
  const bar = document.createElement('header');
  bar.className = 'app-header';
  const me = document.createElement('span');
  me.textContent = user.name;
  me.style.borderBottom = `3px solid ${user.color}`;
  const out = document.createElement('button');
  out.type = 'button';
  out.textContent = 'Sign out';
  out.addEventListener('click', () => void api.signOut().then(render));
  bar.append('Chorus', me, out);
  return bar;
}

window.addEventListener('hashchange', () => void render());
void render();
