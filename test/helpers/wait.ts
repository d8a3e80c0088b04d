/** Polls until `check` returns a truthy value (or stops throwing), then returns it. */
export async function waitFor<T>(check: () => T | Promise<T>, { timeout = 5000, interval = 10, what = 'condition' } = {}): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeout;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value as NonNullable<T>;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`Timed out waiting for ${what}${lastError ? `: ${(lastError as Error).message}` : ''}`);
    }
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}

/** Resolves with the arguments of the next emission of `event` by an emitter with on/bind. */
export function nextEvent<T = unknown>(subscribe: (listener: (value: T) => void) => void, timeout = 5000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('Timed out waiting for an event')), timeout);
    subscribe((value) => {
      clearTimeout(timer);
      resolve(value);
    });
  });
}
