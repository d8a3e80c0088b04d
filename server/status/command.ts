/**
 * `chorus status`: GET /status from the node on this machine, printed for
 * a person (or as the JSON itself with --json). The node answers a request
 * straight from its own machine, or one carrying CHORUS_METRICS_TOKEN.
 */
import type { Config } from '../config/types.js';
import type { NodeStatus } from '../http/status.js';
import { call, nodeBase } from '../restart/node-http.js';

/** Resolves with whether the node answered and is healthy. */
export async function printStatus(config: Config, json: boolean, say: (line: string) => void): Promise<boolean> {
  const base = nodeBase(config);
  const headers: Record<string, string> = config.metricsToken ? { authorization: `Bearer ${config.metricsToken}` } : {};
  let answer;
  try {
    answer = await call('GET', `${base}${config.pathPrefix}/status`, headers);
  } catch (error) {
    say(`No node answers at ${base} (${(error as Error).message}). Is it running? Give its address with --host and --port.`);
    return false;
  }
  if (answer.status !== 200) {
    say(`The node at ${base} did not give its status: ${answer.status} ${answer.body}`);
    return false;
  }
  const status = JSON.parse(answer.body) as NodeStatus;
  if (json) say(JSON.stringify(status, null, 2));
  else for (const line of describeStatus(status)) say(line);
  return status.node.healthy === true;
}

/** The status as lines of text: the node, the other nodes, each app's busiest channels, the busiest documents. */
export function describeStatus(status: NodeStatus): string[] {
  const { node } = status;
  const lines = [
    `node ${String(node.id)}: ${String(node.status)}, up ${formatUptime(Number(node.uptime_seconds))}`,
    `  connections ${String(node.connections)}, documents open ${String(node.documents)}, store ${String(node.store)}, ${String(node.scaling)}`,
    `other nodes: ${status.other_nodes.length === 0 ? 'none' : status.other_nodes.join(', ')}`,
  ];
  for (const app of status.apps) {
    lines.push(`app ${app.id}: ${app.connections} connections (cluster-wide)`);
    for (const channel of app.busiest_channels) lines.push(`  ${String(channel.subscriptions).padStart(6)}  ${channel.name}`);
  }
  lines.push(status.busiest_documents.length === 0 ? 'no documents open on this node' : 'documents open on this node (members):');
  for (const doc of status.busiest_documents) {
    lines.push(`  ${String(doc.members).padStart(6)}  ${doc.app_id}/${doc.id}${doc.unsaved ? '  (edits not stored yet)' : ''}`);
  }
  return lines;
}

function formatUptime(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const days = Math.floor(seconds / 86_400);
  const hours = Math.floor((seconds % 86_400) / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  if (days > 0) return `${days}d ${hours}h`;
  if (hours > 0) return `${hours}h ${minutes}m`;
  return `${minutes}m ${seconds % 60}s`;
}
