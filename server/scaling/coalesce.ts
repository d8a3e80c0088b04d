/**
 * Runs `task` one at a time. Asked again while it runs, it runs once more
 * afterwards, however often it was asked: the last request is always served.
 * `task` handles its own errors.
 */
export function coalesce(task: () => Promise<void>): () => void {
  let running = false;
  let again = false;
  const run = (): void => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    void task().catch(() => undefined).then(() => {
      running = false;
      if (!again) return;
      again = false;
      run();
    });
  };
  return run;
}
