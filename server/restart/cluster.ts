/**
 * `chorus restart` with scaling on: a rolling restart through Redis. The
 * live nodes (those listed with a recent heartbeat) are asked one at a time
 * on the control channel; each answers that it is draining, and the next is
 * asked only once a node has started in its place, so that the clients of
 * the node draining always have another node to go to. With no wait, every
 * node is asked at once, as reverb:restart does.
 */
import { randomUUID } from 'node:crypto';
import type { ScalingConfig } from '../config/types.js';
import type { ControlMessage } from '../scaling/pubsub.js';
import { controlTopic } from '../scaling/redis.js';
import { RedisKeys } from '../scaling/redis-keys.js';
import { commandLineRedis, ControlInbox } from './control-inbox.js';

/** How long a node may take to say it heard the request. */
const ANSWER_TIMEOUT_MS = 10_000;

type Restarting = Extract<ControlMessage, { type: 'restarting' }>;
type Started = Extract<ControlMessage, { type: 'started' }>;

export interface ClusterRestart {
  readonly scaling: ScalingConfig;
  /** Only this node; every live node when undefined. */
  readonly node: string | undefined;
  /** How long to wait for each node's replacement; 0 asks every node at once and waits for none. */
  readonly waitMs: number;
  readonly say: (line: string) => void;
}

export async function restartCluster(options: ClusterRestart): Promise<boolean> {
  const { scaling, say } = options;
  const publisher = commandLineRedis(scaling.redisUrl);
  let inbox: ControlInbox | undefined;
  try {
    inbox = await ControlInbox.open(scaling.redisUrl, scaling.prefix);
    const live = await liveNodes(publisher, scaling);
    const targets = options.node === undefined ? live : live.filter((node) => node === options.node);
    if (targets.length === 0) {
      say(options.node === undefined ? 'No live node is listed in Redis: nothing to restart.' : `No live node is named ${options.node} (live: ${live.join(', ') || 'none'}).`);
      return false;
    }
    const ask = (node: string): Promise<number | undefined> => askToRestart(inbox!, (message) => publisher.publish(controlTopic(scaling.prefix), message), node, say);
    if (options.waitMs === 0) return (await Promise.all(targets.map(ask))).every((mark) => mark !== undefined);
    for (const [index, node] of targets.entries()) {
      say(`Restarting ${node} (${index + 1} of ${targets.length})`);
      const mark = await ask(node);
      if (mark === undefined || !(await replaced(inbox, node, mark, options.waitMs, say))) return false;
    }
    say(`Restarted ${targets.length} node${targets.length === 1 ? '' : 's'}.`);
    return true;
  } catch (error) {
    say(`Cannot reach Redis at the configured REDIS_URL (${(error as Error).message}).`);
    return false;
  } finally {
    inbox?.close();
    publisher.disconnect();
  }
}

/** Node ids with a heartbeat within the node timeout, in order. */
async function liveNodes(redis: ReturnType<typeof commandLineRedis>, scaling: ScalingConfig): Promise<string[]> {
  const since = Date.now() - scaling.nodeTimeoutSeconds * 1000;
  return (await redis.zrangebyscore(new RedisKeys(scaling.prefix).nodes(), since, '+inf')).sort();
}

/** Publishes the request; resolves with the inbox mark of the node's answer, or undefined when none came. */
async function askToRestart(inbox: ControlInbox, publish: (message: string) => Promise<unknown>, node: string, say: (line: string) => void): Promise<number | undefined> {
  const request = randomUUID();
  const answered = inbox.next((m): m is Restarting => m.type === 'restarting' && m.request === request, inbox.mark, ANSWER_TIMEOUT_MS);
  await publish(JSON.stringify({ type: 'restart', node, request } satisfies ControlMessage));
  const answer = await answered;
  if (!answer) {
    say(`${node} did not answer within ${ANSWER_TIMEOUT_MS / 1000} s: it was not restarted.`);
    return undefined;
  }
  say(`${node} is draining: its clients are asked to reconnect to the other nodes.`);
  return answer.at;
}

/** Whether a node started after the drained one answered, within the wait. */
async function replaced(inbox: ControlInbox, node: string, mark: number, waitMs: number, say: (line: string) => void): Promise<boolean> {
  const started = await inbox.next((m): m is Started => m.type === 'started', mark, waitMs);
  if (started) {
    say(`${started.message.node} started in place of ${node}.`);
    return true;
  }
  say(`No node started in place of ${node} within ${waitMs / 1000} s, so the others were left running. Is it run by systemd or Supervisor, which start it again?`);
  return false;
}
