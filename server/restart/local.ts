/**
 * `chorus restart` for a node without Redis: a signed POST /restart to the
 * node on this machine (see server/http/restart.ts), then GET /ready until
 * its replacement answers 200. The node says 503 from the moment it accepts
 * the restart, so the first 200 afterwards comes from the new process.
 */
import { signRestQuery } from '../auth/rest.js';
import type { Config } from '../config/types.js';
import { call, nodeBase, type Answer } from './node-http.js';

const READY_POLL_MS = 250;

export async function restartLocalNode(config: Config, waitMs: number, say: (line: string) => void): Promise<boolean> {
  const base = nodeBase(config);
  const path = `${config.pathPrefix}/restart`;
  let answer: Answer;
  try {
    answer = await call('POST', `${base}${path}?${signRestQuery('POST', path, config.apps[0]!)}`);
  } catch (error) {
    say(`No node answers at ${base} (${(error as Error).message}). Is it running? Give its address with --host and --port.`);
    return false;
  }
  if (answer.status !== 202) {
    say(`The node at ${base} refused to restart: ${answer.status} ${answer.body}`);
    return false;
  }
  const { node, spread_ms: spreadMs } = JSON.parse(answer.body) as { node: string; spread_ms: number };
  say(`${node} at ${base} is restarting: its clients are asked to reconnect over ${spreadMs} ms`);
  if (waitMs === 0) return true;
  if (await readyAgain(base, waitMs)) {
    say(`${base} answers /ready again: restarted`);
    return true;
  }
  say(`Nothing answered /ready at ${base} within ${waitMs / 1000} s: is the node run by systemd or Supervisor, which start it again?`);
  return false;
}

async function readyAgain(base: string, waitMs: number): Promise<boolean> {
  const deadline = Date.now() + waitMs;
  while (Date.now() < deadline) {
    const answer = await call('GET', `${base}/ready`).catch(() => undefined);
    if (answer?.status === 200) return true;
    await new Promise((resolve) => setTimeout(resolve, READY_POLL_MS));
  }
  return false;
}
