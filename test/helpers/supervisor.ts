/** Stands in for systemd or Supervisor: each time a node exits, starts another on the same port (a bounded number of times). */
import type { NodeProcess } from './process.js';

export interface Supervised<T extends NodeProcess> {
  /** How each process it watched exited, in order. */
  readonly exits: { code: number | null; signal: NodeJS.Signals | null }[];
  /** The processes it started in place of those. */
  readonly replacements: T[];
  /** Starts nothing more; a replacement still starting when called is killed once it has started. */
  stop(): void;
}

export function supervise<T extends NodeProcess>(first: T, start: (port: number) => Promise<T>, maxRestarts: number): Supervised<T> {
  const supervised = { exits: [] as Supervised<T>['exits'], replacements: [] as T[], stopped: false, stop: () => (supervised.stopped = true) };
  void (async () => {
    let current = first;
    for (let restart = 0; restart < maxRestarts; restart += 1) {
      supervised.exits.push(await current.exited());
      if (supervised.stopped) return;
      current = await start(first.port);
      if (supervised.stopped) return void current.child.kill('SIGKILL');
      supervised.replacements.push(current);
    }
  })();
  return supervised;
}
