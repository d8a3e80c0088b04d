/**
 * Diffs run on a thread of their own: a diff of a large document takes one
 * to two seconds (docs/benchmarks.md), which on the event loop would stall
 * every socket of the node. One thread for the process, started with the
 * first diff and stopped after a quiet minute; a bounded number of diffs may
 * wait for it. From the TypeScript sources (tests, `npm run dev`) the thread
 * loads them through tsx, as the process does.
 */
import { Worker } from 'node:worker_threads';
import type { DiffElement } from '../../../shared/history/diff-tree.js';
import type { VersionChanges } from './changes.js';
import type { DiffJob } from './diff-worker.js';

const MAX_WAITING = 16;
const IDLE_MS = 60_000;

/** More diffs are waiting than the thread takes: asked again later, it will answer. */
export class DiffsBusy extends Error {}

interface Waiting { resolve(diff: DiffElement): void; reject(error: Error): void }

class DiffThread {
  private worker: Worker | undefined;
  private readonly waiting = new Map<number, Waiting>();
  private ids = 0;
  private idle: NodeJS.Timeout | undefined;

  diff(base: Uint8Array | undefined, target: Uint8Array, changes: VersionChanges): Promise<DiffElement> {
    if (this.waiting.size >= MAX_WAITING) return Promise.reject(new DiffsBusy(`${MAX_WAITING} diffs are being computed; try again shortly`));
    const id = (this.ids += 1);
    const job: DiffJob = { id, base, target, changes };
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      if (this.idle) clearTimeout(this.idle);
      const worker = this.started();
      worker.ref(); // holds the process while a diff is waiting
      worker.postMessage(job);
    });
  }

  private started(): Worker {
    if (this.worker) return this.worker;
    const worker = startWorker();
    worker.on('message', (answer: { id: number; diff?: DiffElement; error?: string }) => this.answered(answer));
    worker.on('error', (error) => this.lost(worker, error));
    worker.on('exit', () => this.lost(worker, new Error('the diff thread stopped')));
    this.worker = worker;
    return worker;
  }

  private answered({ id, diff, error }: { id: number; diff?: DiffElement; error?: string }): void {
    const waiting = this.waiting.get(id);
    this.waiting.delete(id);
    if (diff) waiting?.resolve(diff);
    else waiting?.reject(new Error(error ?? 'the diff failed'));
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
  const entry = new URL(`./diff-worker.${fromSources ? 'ts' : 'js'}`, import.meta.url);
  if (!fromSources) return new Worker(entry);
  const load = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(entry.href)}); })`;
  return new Worker(load, { eval: true });
}

/** The process's diff thread. */
export const diffThread = new DiffThread();
