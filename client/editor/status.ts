/**
 * What the person needs to know about their document: connected,
 * reconnecting, offline with changes kept, read-only; and "Saved" only once
 * the server says the edits are stored.
 */
import type { DocSession } from '../collab/session.js';

export function mountStatus(element: HTMLElement, session: DocSession): () => void {
  const { provider, pusher } = session;
  // Until the role is known and an editor's offline copy is in, "Saved" would speak too soon.
  let restored = false;
  const render = (): void => {
    const state = pusher.connection.state;
    const online = typeof navigator === 'undefined' || navigator.onLine !== false;
    let text: string;
    let kind: string;
    if (!online || state === 'unavailable' || state === 'failed' || state === 'disconnected') {
      kind = 'offline';
      text = provider.hasUnsavedChanges ? 'Offline: changes kept on this device' : 'Offline';
    } else if (provider.storeProblem === 'not-loaded') {
      kind = 'unavailable';
      text = 'Cannot open the document right now; trying again';
    } else if (state !== 'connected' || provider.status !== 'connected' || !provider.synced || !restored) {
      kind = 'reconnecting';
      text = !restored || (state === 'connecting' && provider.synced === false && provider.status === 'connecting') ? 'Connecting…' : 'Reconnecting…';
    } else if (provider.isReadOnly) {
      kind = 'read-only';
      text = 'Read-only';
    } else if (provider.hasUnsavedChanges && provider.storeProblem === 'not-saved') {
      kind = 'not-saved';
      text = 'Not saved yet — retrying; changes kept on this device';
    } else {
      kind = provider.hasUnsavedChanges ? 'saving' : 'saved';
      text = provider.hasUnsavedChanges ? 'Saving…' : 'Saved';
    }
    element.textContent = text;
    element.dataset.state = kind;
  };
  const events = ['status', 'sync', 'saved', 'update', 'store'] as const;
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
