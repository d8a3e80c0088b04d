/**
 * The status line: what the person needs to know about their document
 * (status-text.ts says what), kept current from the connection, the
 * provider and presence, and rechecked every second for navigator.onLine.
 */
import type { DocSession } from '../collab/session.js';
import { statusOf } from './status-text.js';

export function mountStatus(element: HTMLElement, session: DocSession, shareLink: boolean): () => void {
  const { provider, pusher } = session;
  // Until the role is known and an editor's offline copy is in, "Saved" would speak too soon.
  let restored = false;
  const render = (): void => {
    const { kind, text } = statusOf({
      online: typeof navigator === 'undefined' || navigator.onLine !== false,
      connection: pusher.connection.state,
      subscribed: provider.status === 'connected',
      synced: provider.synced,
      restored,
      readOnly: provider.isReadOnly,
      unsaved: provider.hasUnsavedChanges,
      storeProblem: provider.storeProblem,
      refusal: provider.refusal,
      shareLink,
    });
    if (element.textContent !== text) element.textContent = text;
    element.title = text; // the whole text, when the line is too narrow for it
    element.dataset.state = kind;
  };
  const events = ['status', 'sync', 'saved', 'update', 'store', 'refused'] as const;
  events.forEach((event) => provider.on(event, render));
  pusher.connection.bind('state_change', render);
  const stopPresence = session.presence.onChange(render);
  const timer = setInterval(render, 1000); // navigator.onLine has no event on every platform we target
  let stopped = false;
  void session.restored.then(() => {
    restored = true;
    if (!stopped) render();
  });
  render();
  return () => {
    stopped = true;
    events.forEach((event) => provider.off(event, render));
    pusher.connection.unbind('state_change', render);
    stopPresence();
    clearInterval(timer);
  };
}
