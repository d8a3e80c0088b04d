/**
 * Pusher's pace for subscription counts: every change at once on channels of
 * up to 100 subscribers, at most one every 5 s above that while changes keep
 * coming.
 */
export const THROTTLE_ABOVE = 100;
export const THROTTLE_MS = 5000;

/**
 * Runs a key's task at once while its last count was at most THROTTLE_ABOVE,
 * else at most once per THROTTLE_MS (a request meanwhile waits for its turn).
 * Never two of a key's tasks at a time: a request meanwhile runs once after.
 * A key is forgotten once nothing holds a later run back.
 */
export class KeyedThrottle {
  private readonly keys = new Map<string, ThrottleState>();

  run(key: string, task: () => Promise<number>): void {
    let state = this.keys.get(key);
    if (!state) this.keys.set(key, (state = { running: false, again: false, lastRun: 0, lastCount: 0 }));
    clearTimeout(state.expiry);
    if (state.running) {
      state.again = true;
      return;
    }
    if (state.timer) return; // the scheduled run reads the count as it is then
    const wait = state.lastCount > THROTTLE_ABOVE ? state.lastRun + THROTTLE_MS - Date.now() : 0;
    if (wait > 0) state.timer = unref(setTimeout(() => this.start(key, state, task), wait));
    else this.start(key, state, task);
  }

  private start(key: string, state: ThrottleState, task: () => Promise<number>): void {
    state.timer = undefined;
    state.running = true;
    state.again = false;
    state.lastRun = Date.now();
    void task().catch(() => state.lastCount).then((count) => {
      state.running = false;
      state.lastCount = count;
      if (state.again) return this.run(key, task);
      if (count <= THROTTLE_ABOVE) this.keys.delete(key);
      else state.expiry = unref(setTimeout(() => this.keys.delete(key), THROTTLE_MS));
    });
  }
}

interface ThrottleState {
  running: boolean;
  again: boolean;
  /** A run waiting for its turn. */
  timer?: NodeJS.Timeout;
  /** Forgets the key once a run could go out at once again. */
  expiry?: NodeJS.Timeout;
  lastRun: number;
  lastCount: number;
}

function unref(timer: NodeJS.Timeout): NodeJS.Timeout {
  timer.unref();
  return timer;
}
