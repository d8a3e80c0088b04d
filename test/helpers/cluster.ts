/** Several Chorus nodes as separate processes sharing a real Redis (and, for documents, a real PostgreSQL). */
import { startNodeProcess, type NodeProcess } from './process.js';
import type { TestServer } from './server.js';

export interface ClusterNode extends NodeProcess {
  readonly target: TestServer;
  readonly httpUrl: string;
  wsUrl(): string;
}

export async function startCluster(count: number, env: Record<string, string>): Promise<ClusterNode[]> {
  return Promise.all(Array.from({ length: count }, (_, i) => startClusterNode({ CHORUS_NODE_ID: `node-${i}-${process.pid}`, ...env })));
}

/** One node of a cluster, on a free port unless told (a replacement takes its predecessor's). */
export async function startClusterNode(env: Record<string, string>, port = 0): Promise<ClusterNode> {
  const node = await startNodeProcess({ REVERB_SCALING_ENABLED: 'true', ...env }, [], { port });
  const target = { host: '127.0.0.1', port: node.port, httpUrl: `http://127.0.0.1:${node.port}`, app: { id: 'test-app' } } as TestServer;
  return {
    ...node, target,
    httpUrl: target.httpUrl,
    wsUrl: () => `ws://127.0.0.1:${node.port}/app/test-key?protocol=7&client=js&version=8.4.0`,
  };
}

export function stopCluster(nodes: ClusterNode[]): void {
  for (const node of nodes) if (node.child.exitCode === null) node.child.kill('SIGKILL');
}
