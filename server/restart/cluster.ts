/**
 * `chorus restart` with scaling on: a rolling restart through Redis. The
 * live nodes (those listed with a recent heartbeat) are asked one at a time
 * on the control channel; each answers that it is draining, and the next is
 * asked only once a node has started in its place, so that the clients of
 * the node draining always have another node to go to. With no wait, every
 * node is asked at once, as reverb:restart does.
 */
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
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
  const redis = commandLineRedis(options.scaling.redisUrl);
  let inbox: ControlInbox | undefined;
  try {
    inbox = await ControlInbox.open(options.scaling.redisUrl, options.scaling.prefix);
    const targets = await chooseNodes(redis, options);
    if (targets.length === 0) return false;
    const rolling = new Rolling(redis, inbox, options);
    return options.waitMs === 0 ? await rolling.allAtOnce(targets) : await rolling.oneByOne(targets);
  } catch (error) {
    options.say(`Cannot reach Redis at the configured REDIS_URL (${(error as Error).message}).`);
    return false;
  } finally {
    inbox?.close();
    redis.disconnect();
  }
}

/** The nodes to restart, in order: every node with a heartbeat within the node timeout, or the one named. */
async function chooseNodes(redis: Redis, { scaling, node, say }: ClusterRestart): Promise<string[]> {
  const since = Date.now() - scaling.nodeTimeoutSeconds * 1000;
  const live = (await redis.zrangebyscore(new RedisKeys(scaling.prefix).nodes(), since, '+inf')).sort();
  const targets = node === undefined ? live : live.filter((id) => id === node);
  if (targets.length > 0) return targets;
  say(node === undefined ? 'No live node is listed in Redis: nothing to restart.' : `No live node is named ${node} (live: ${live.join(', ') || 'none'}).`);
  return [];
}

class Rolling {
  constructor(private readonly redis: Redis, private readonly inbox: ControlInbox, private readonly options: ClusterRestart) {}

  async oneByOne(targets: readonly string[]): Promise<boolean> {
    for (const [index, node] of targets.entries()) {
      this.options.say(`Restarting ${node} (${index + 1} of ${targets.length})`);
      const answeredAt = await this.ask(node);
      if (answeredAt === undefined) this.options.say('The nodes not asked yet were left running.');
      if (answeredAt === undefined || !(await this.replaced(node, answeredAt))) return false;
    }
    this.options.say(`Restarted ${targets.length} node${targets.length === 1 ? '' : 's'}.`);
    return true;
  }

  async allAtOnce(targets: readonly string[]): Promise<boolean> {
    const answers = await Promise.all(targets.map((node) => this.ask(node)));
    const answered = answers.filter((answeredAt) => answeredAt !== undefined).length;
    this.options.say(`${answered} of ${targets.length} nodes are draining; not waiting for them to be back.`);
    return answered === targets.length;
  }

  /** Publishes the request; resolves with where the node's answer stands in the inbox, or undefined when none came. */
  private async ask(node: string): Promise<number | undefined> {
    const request = randomUUID();
    const answered = this.inbox.next((m): m is Restarting => m.type === 'restarting' && m.request === request, this.inbox.mark, ANSWER_TIMEOUT_MS);
    const message: ControlMessage = { type: 'restart', node, request };
    await this.redis.publish(controlTopic(this.options.scaling.prefix), JSON.stringify(message));
    const answer = await answered;
    if (!answer) {
      this.options.say(`${node} did not answer within ${ANSWER_TIMEOUT_MS / 1000} s: it may not have heard the request.`);
      return undefined;
    }
    this.options.say(`${node} is draining: its clients are asked to reconnect to the other nodes.`);
    return answer.at;
  }

  /** Whether a node started after the drained one answered, within the wait. */
  private async replaced(node: string, answeredAt: number): Promise<boolean> {
    const { waitMs, say } = this.options;
    const started = await this.inbox.next((m): m is Started => m.type === 'started', answeredAt, waitMs);
    if (started) {
      say(`${started.message.node} started in place of ${node}.`);
      return true;
    }
    say(`No node started in place of ${node} within ${waitMs / 1000} s, so the others were left running. Is it run by systemd or Supervisor, which start it again?`);
    return false;
  }
}
