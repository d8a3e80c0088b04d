/**
 * Whether one Redis connection answers. A paused or overloaded Redis keeps
 * the connection open and answers nothing, so being connected is not enough:
 * the connection is pinged every second, and a command that went unanswered
 * counts as well. While it does not answer, callers use their local state
 * instead of waiting.
 */
import type { Redis } from 'ioredis';

/** The longest a socket's message ever waits on one Redis answer. */
export const ANSWER_TIMEOUT_MS = 1000;
const PROBE_EVERY_MS = 1000;

export class RedisLiveness {
  private answeringNow = false;
  private probing = false;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly client: Redis,
    private readonly onChange: (answering: boolean) => void,
    /** Seconds each answered ping took: for the metrics. */
    private readonly onRoundTrip?: (seconds: number) => void,
  ) {
    client.on('ready', () => this.set(true));
    client.on('close', () => this.set(false));
    this.timer = setInterval(() => void this.probe(), PROBE_EVERY_MS);
    this.timer.unref();
  }

  get answering(): boolean {
    return this.answeringNow;
  }

  /** A command went unanswered: stop asking until Redis answers a ping again. */
  suspect(): void {
    this.set(false);
  }

  close(): void {
    clearInterval(this.timer);
  }

  private async probe(): Promise<void> {
    if (this.probing || this.client.status !== 'ready') return;
    this.probing = true;
    try {
      const started = performance.now();
      const answered = await within(this.client.ping().then(() => true, () => false), ANSWER_TIMEOUT_MS, false);
      if (answered) this.onRoundTrip?.((performance.now() - started) / 1000);
      this.set(answered);
    } finally {
      this.probing = false;
    }
  }

  private set(answering: boolean): void {
    if (answering === this.answeringNow) return;
    this.answeringNow = answering;
    this.onChange(answering);
  }
}

/** `promise`, or `fallback` if it has not settled after `ms`. */
export function within<T>(promise: Promise<T>, ms: number, fallback: T): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => resolve(fallback), ms);
    promise.then((value) => {
      clearTimeout(timer);
      resolve(value);
    }, (error: unknown) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}
