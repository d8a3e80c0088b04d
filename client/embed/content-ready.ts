/**
 * Whether the document's content is here to edit: the server's state has
 * arrived (the first sync), or the copy kept on this device holds content.
 * Typing into an empty editor before then would make a paragraph of its own
 * next to the one the document already has, doubling it for everyone.
 */
import * as Y from 'yjs';
import { DOC_ROOT } from '../../shared/editor/nodes.js';

interface SyncSource {
  readonly synced: boolean;
  on(event: 'sync', listener: (synced: boolean) => void): void;
  off(event: 'sync', listener: (synced: boolean) => void): void;
}

/** Calls `ready` once, as soon as there is content to edit; returns a stop. */
export function whenContentReady(doc: Y.Doc, provider: SyncSource, ready: () => void): () => void {
  const root = doc.get(DOC_ROOT, Y.XmlText);
  let done = false;
  const check = (): void => {
    if (done || !(provider.synced || root.length > 0)) return;
    done = true;
    stop();
    ready();
  };
  const stop = (): void => {
    provider.off('sync', check);
    doc.off('update', check);
  };
  provider.on('sync', check);
  doc.on('update', check);
  check();
  return stop;
}
