/**
 * Titles travel between this browser's tabs of the app: a tab that learns of
 * a rename (its own, or the server's `doc-renamed` for a document it has
 * open) tells the others, so an open documents list shows it at once.
 * A BroadcastChannel reaches same-origin tabs only, never the server.
 */
const CHANNEL = 'chorus-titles';

let outgoing: BroadcastChannel | undefined;

export function announceTitle(id: string, title: string): void {
  if (typeof BroadcastChannel !== 'function') return;
  outgoing ??= new BroadcastChannel(CHANNEL);
  outgoing.postMessage({ id, title });
}

/** Calls `listener` with each title another tab announces; returns the way to stop. */
export function onTitles(listener: (id: string, title: string) => void): () => void {
  if (typeof BroadcastChannel !== 'function') return () => undefined;
  const incoming = new BroadcastChannel(CHANNEL);
  incoming.onmessage = (event: MessageEvent<{ id?: unknown; title?: unknown } | null>) => {
    const { id, title } = event.data ?? {};
    if (typeof id === 'string' && typeof title === 'string') listener(id, title);
  };
  return () => incoming.close();
}
