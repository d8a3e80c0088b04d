/**
 * The demo app: sign in, a document list, and the editor. Hash routes (see
 * pages/route.ts): `#/` (documents) and `#/doc/{id}?share=token`; any other
 * address says the link does not work.
 */
import { api, type DemoUser } from './pages/api.js';
import { documentPage } from './pages/document.js';
import { documentsPage } from './pages/documents.js';
import { h } from './pages/dom.js';
import { appHeader } from './pages/header.js';
import { BAD_LINK, problemPage, UNREACHABLE } from './pages/problem.js';
import { routeOf } from './pages/route.js';
import { signInPage } from './pages/sign-in.js';
import './styles.css';

const app = document.querySelector<HTMLElement>('#app')!;
let cleanup: (() => void) | undefined;
let renders = 0;

async function render(): Promise<void> {
  cleanup?.();
  cleanup = undefined;
  const current = ++renders;
  const answers = await Promise.all([api.me(), api.config()]).catch(() => undefined);
  if (current !== renders) return; // the address changed meanwhile: a newer render draws
  if (!answers) return show(undefined, problemPage(UNREACHABLE, () => void render()));
  const [user, config] = answers;
  if (!user) return show(undefined, signInPage(() => void render()));
  const route = routeOf(location.hash);
  if (route.page === 'document') {
    const page = await documentPage(route.id, route.share, user, config.key, config.path);
    if (current !== renders) return page.destroy();
    show(user, page.element);
    cleanup = page.destroy;
  } else if (route.page === 'documents') {
    const page = documentsPage((id) => (location.hash = `#/doc/${id}`));
    show(user, page.element);
    cleanup = page.destroy;
  } else {
    show(user, problemPage(BAD_LINK));
  }
}

/** Puts the page in place and moves focus to its first field or its heading, so that a screen reader announces where one is. */
function show(user: DemoUser | undefined, page: HTMLElement): void {
  const main = h('main', { id: 'main' }, page);
  app.replaceChildren(...(user ? [appHeader(user, () => void api.signOut().then(render))] : []), main);
  const target = main.querySelector<HTMLElement>('[data-autofocus]') ?? main.querySelector<HTMLElement>('h1');
  if (!target) return;
  if (target.tagName === 'H1' && !target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1');
  target.focus({ preventScroll: true });
}

window.addEventListener('hashchange', () => void render());
void render();
