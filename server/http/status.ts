/**
 * GET /status: what an operator looks at first. This node (connections,
 * documents, store, Redis), the other live nodes, and per app its
 * connections and busiest channels cluster-wide and the busiest documents
 * open here. Served to whoever may read /metrics; `chorus status` prints it.
 */
import type { ClusterState } from '../scaling/cluster-state.js';

export interface StatusSources {
  readonly nodeId: string;
  readonly startedAt: number;
  readonly cluster: ClusterState;
  readonly appIds: readonly string[];
  /** /up's answer: health, store, documents. */
  readonly health: () => Record<string, unknown>;
  /** Documents open on this node, with their members and unsaved state. */
  readonly openDocuments: () => Iterable<{ appId: string; docId: string; members: number; unsaved: boolean }>;
}

export interface NodeStatus {
  readonly node: Record<string, unknown>;
  readonly other_nodes: string[];
  readonly apps: Array<{ id: string; connections: number; busiest_channels: Array<{ name: string; subscriptions: number }> }>;
  readonly busiest_documents: Array<{ app_id: string; id: string; members: number; unsaved: boolean }>;
}

const TOP = 10;

export async function nodeStatus(sources: StatusSources): Promise<NodeStatus> {
  const apps = await Promise.all(sources.appIds.map(async (id) => {
    const subscriptions = await sources.cluster.subscriptions(id);
    const busiest = [...subscriptions].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, TOP);
    return { id, connections: await sources.cluster.connections(id), busiest_channels: busiest.map(([name, count]) => ({ name, subscriptions: count })) };
  }));
  const documents = [...sources.openDocuments()].sort((a, b) => b.members - a.members).slice(0, TOP);
  return {
    node: { ...sources.health(), id: sources.nodeId, uptime_seconds: Math.round((Date.now() - sources.startedAt) / 1000) },
    other_nodes: await sources.cluster.otherNodes(),
    apps,
    busiest_documents: documents.map((d) => ({ app_id: d.appId, id: d.docId, members: d.members, unsaved: d.unsaved })),
  };
}
