/**
 * Diffs and server-side restores run on a thread of their own: for a large
 * document each takes one to two seconds (docs/benchmarks.md), which on the
 * event loop would stall every socket of the node. One thread for the
 * process, started with the first job and stopped after a quiet minute; a
 * bounded number of jobs may wait for it. From the TypeScript sources (tests, `npm run dev`) the thread
 * loads them through tsx, as the process does.
 */
import { Worker } from 'node:worker_threads';
import type { DiffElement } from '../../../shared/history/diff-tree.js';
import type { VersionChanges } from './changes.js';
import type { HistoryJob } from './history-worker.js';

const MAX_WAITING = 16;
const IDLE_MS = 60_000;

/** More jobs are waiting than the thread takes: asked again later, it will answer. */
export class HistoryBusy extends Error {}

interface Waiting { resolve(result: unknown): void; reject(error: Error): void }
interface Answer { id: number; result?: unknown; error?: string; thread: number }

type Job = HistoryJob extends infer J ? (J extends { id: number } ? Omit<J, 'id'> : never) : never;

class HistoryThread {
  private worker: Worker | undefined;
  private readonly waiting = new Map<number, Waiting>();
  private ids = 0;
  private idle: NodeJS.Timeout | undefined;
  /** The thread that answered the last job: never this one (its id is 0 in the main thread). */
  lastAnsweredBy: number | undefined;

  /** What changed from `base` (undefined: an empty document) to `target`. */
  diff(base: Uint8Array | undefined, target: Uint8Array, changes: VersionChanges): Promise<DiffElement> {
    return this.submit({ kind: 'diff', base, target, changes }) as Promise<DiffElement>;
  }

  /** The forward change that makes a document in state `current` equal to `target` (shared/history/restore.ts). */
  restore(current: Uint8Array, target: Uint8Array): Promise<Uint8Array> {
    return this.submit({ kind: 'restore', current, target }) as Promise<Uint8Array>;
  }

  private submit(job: Job): Promise<unknown> {
    if (this.waiting.size >= MAX_WAITING) return Promise.reject(new HistoryBusy(`${MAX_WAITING} diffs or restores are being computed; try again shortly`));
    const id = (this.ids += 1);
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      if (this.idle) clearTimeout(this.idle);
      const worker = this.started();
      worker.ref(); // holds the process while a job is waiting
      worker.postMessage({ ...job, id });
    });
  }

  private started(): Worker {
    if (this.worker) return this.worker;
    const worker = startWorker();
    worker.on('message', (answer: Answer) => this.answered(answer));
    worker.on('error', (error) => this.lost(worker, error));
    worker.on('exit', () => this.lost(worker, new Error('the history thread stopped')));
    this.worker = worker;
    return worker;
  }

  private answered({ id, result, error, thread }: Answer): void {
    this.lastAnsweredBy = thread;
    const waiting = this.waiting.get(id);
    this.waiting.delete(id);
    if (error === undefined) waiting?.resolve(result);
    else waiting?.reject(new Error(error));
    if (this.waiting.size === 0) {
      this.worker?.unref(); // an idle thread does not keep the process alive
      this.stopWhenIdle();
    }
  }

  private lost(worker: Worker, error: Error): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    for (const waiting of this.waiting.values()) waiting.reject(error);
    this.waiting.clear();
  }

  private stopWhenIdle(): void {
    if (this.idle) clearTimeout(this.idle);
    this.idle = setTimeout(() => {
      const worker = this.worker;
      this.worker = undefined;
      void worker?.terminate();
    }, IDLE_MS);
    this.idle.unref();
  }
}

function startWorker(): Worker {
  const fromSources = import.meta.url.endsWith('.ts');
  const entry = new URL(`./history-worker.${fromSources ? 'ts' : 'js'}`, import.meta.url);
  if (!fromSources) return new Worker(entry);
  const load = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(entry.href)}); })`;
  return new Worker(load, { eval: true });
}

/** The process's history thread. */
export const historyThread = new HistoryThread();
