/** The diff thread's entry (diff-thread.ts): computes one diff per message. */
import { parentPort } from 'node:worker_threads';
import { Attribution, type VersionChanges } from './changes.js';
import { diffStates } from './diff.js';

export interface DiffJob {
  readonly id: number;
  readonly base: Uint8Array | undefined;
  readonly target: Uint8Array;
  readonly changes: VersionChanges;
}

parentPort?.on('message', (job: DiffJob) => {
  try {
    parentPort?.postMessage({ id: job.id, diff: diffStates(job.base, job.target, new Attribution(job.changes)) });
  } catch (error) {
    parentPort?.postMessage({ id: job.id, error: error instanceof Error ? error.message : String(error) });
  }
});
