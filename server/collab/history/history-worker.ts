/** The history thread's entry (history-thread.ts): one diff or restore computed per message. */
import { parentPort, threadId } from 'node:worker_threads';
import * as Y from 'yjs';
import { restoreChange } from '../../../shared/history/restore.js';
import { Attribution, type VersionChanges } from './changes.js';
import { diffStates } from './diff.js';

export type HistoryJob =
  | { readonly id: number; readonly kind: 'diff'; readonly base: Uint8Array | undefined; readonly target: Uint8Array; readonly changes: VersionChanges }
  | { readonly id: number; readonly kind: 'restore'; readonly current: Uint8Array; readonly target: Uint8Array };

function run(job: HistoryJob): unknown {
  if (job.kind === 'diff') return diffStates(job.base, job.target, new Attribution(job.changes));
  const current = new Y.Doc();
  Y.applyUpdate(current, job.current);
  try {
    return restoreChange(current, job.target).update;
  } finally {
    current.destroy();
  }
}

parentPort?.on('message', (job: HistoryJob) => {
  try {
    parentPort?.postMessage({ id: job.id, result: run(job), thread: threadId });
  } catch (error) {
    parentPort?.postMessage({ id: job.id, error: error instanceof Error ? error.message : String(error), thread: threadId });
  }
});
