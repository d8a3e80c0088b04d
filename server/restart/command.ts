/**
 * `chorus restart`: through Redis to every node (or one) when scaling is on,
 * otherwise to the node on this machine over HTTP. The nodes themselves drain
 * and exit; their process manager starts them again.
 */
import type { Config } from '../config/types.js';
import { restartCluster } from './cluster.js';
import { restartLocalNode } from './local.js';

export interface RestartRequest {
  readonly node: string | undefined;
  readonly waitSeconds: number;
}

/** Resolves with whether every node asked restarted (or, without waiting, accepted). */
export async function restartNodes(config: Config, request: RestartRequest, say: (line: string) => void): Promise<boolean> {
  const waitMs = request.waitSeconds * 1000;
  if (config.scaling.enabled) return restartCluster({ scaling: config.scaling, node: request.node, waitMs, say });
  if (request.node !== undefined) {
    say('--node names a node of a cluster: it needs REVERB_SCALING_ENABLED=true (this node is reached at --host/--port).');
    return false;
  }
  return restartLocalNode(config, waitMs, say);
}
