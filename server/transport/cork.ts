/**
 * Batches the frames a socket is sent in one turn of the event loop. ws
 * writes each frame with its own system call; when a busy document relays
 * several updates in the same turn, every reader would pay one call per
 * update. A socket's first frame of a turn goes out at once (no added wait
 * for the common case, one frame per turn); from its second, the socket is
 * corked until the turn ends (setImmediate runs right after this turn's I/O),
 * so the rest leave together in one `writev`.
 */
interface Corkable {
  cork(): void;
  uncork(): void;
  readonly destroyed?: boolean;
}

/** Sockets written to this turn, and whether they are corked. */
const written = new Map<Corkable, boolean>();

function endTurn(): void {
  for (const [socket, isCorked] of written) if (isCorked && !socket.destroyed) socket.uncork();
  written.clear();
}

/** Call before writing a frame to `socket`: from its second frame this turn, holds its writes until the turn ends. */
export function corkForThisTurn(socket: Corkable): void {
  const isCorked = written.get(socket);
  if (isCorked) return;
  if (isCorked === false) {
    socket.cork();
    written.set(socket, true);
    return;
  }
  if (written.size === 0) setImmediate(endTurn);
  written.set(socket, false);
}

/** Sends what `socket` holds now, so that what stays buffered is what the peer has not taken. */
export function uncorkNow(socket: Corkable): void {
  if (written.get(socket) !== true) return;
  written.set(socket, false);
  if (!socket.destroyed) socket.uncork();
}
