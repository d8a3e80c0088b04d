/**
 * <chorus-editor doc-id server app-key auth-endpoint user-name user-color share>:
 * the editor as a custom element. Removing the element destroys it.
 */
import { mount, type ChorusHandle } from './mount.js';

export class ChorusEditorElement extends HTMLElement {
  private handle: ChorusHandle | undefined;

  connectedCallback(): void {
    const attr = (name: string, fallback = ''): string => this.getAttribute(name) ?? fallback;
    const share = this.getAttribute('share');
    // Laravel's /broadcasting/auth wants the CSRF token, which a Blade layout puts in a meta tag (as Echo reads it).
    const csrf = this.ownerDocument.querySelector<HTMLMetaElement>('meta[name="csrf-token"]')?.content;
    this.handle = mount(this, {
      docId: attr('doc-id'),
      server: attr('server', this.ownerDocument.location.origin),
      appKey: attr('app-key'),
      authEndpoint: attr('auth-endpoint', '/broadcasting/auth'),
      ...(share ? { authParams: { share } } : {}),
      ...(csrf ? { authHeaders: { 'X-CSRF-TOKEN': csrf } } : {}),
      user: { name: attr('user-name', 'Guest'), color: attr('user-color', '#3366ff') },
    });
  }

  disconnectedCallback(): void {
    this.handle?.destroy();
    this.handle = undefined;
  }

  get session(): ChorusHandle['session'] | undefined {
    return this.handle?.session;
  }
}

export function defineChorusEditor(name = 'chorus-editor'): void {
  if (!customElements.get(name)) customElements.define(name, ChorusEditorElement);
}
