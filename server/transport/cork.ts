/**
 * Batches the frames a socket is sent in one turn of the event loop into one
 * write. ws writes each frame with its own system call; when a busy document
 * relays several updates in the same turn, every reader would pay one call per
 * update. Corking the TCP socket until the turn ends (setImmediate runs right
 * after the I/O of this turn) makes them one `writev`, with no added wait.
 */
interface Corkable {
  cork(): void;
  uncork(): void;
  readonly destroyed?: boolean;
}

const corked = new Set<Corkable>();
let scheduled = false;

function uncorkAll(): void {
  scheduled = false;
  for (const socket of corked) if (!socket.destroyed) socket.uncork();
  corked.clear();
}

/** Holds `socket`'s writes until the end of this turn of the event loop. */
export function corkForThisTurn(socket: Corkable): void {
  if (corked.has(socket)) return;
  socket.cork();
  corked.add(socket);
  if (!scheduled) {
    scheduled = true;
    setImmediate(uncorkAll);
  }
}

/** Sends what `socket` holds now, so that what stays buffered is what the peer has not taken. */
export function uncorkNow(socket: Corkable): void {
  if (!corked.delete(socket)) return;
  if (!socket.destroyed) socket.uncork();
}
