/** Occupancy figures for the events and channels endpoints, from the info=… parameter, cluster-wide. */
import { channelKind } from '../../shared/pusher/channels.js';
import type { ClusterState } from '../scaling/cluster-state.js';
import { HttpError } from './respond.js';

export type InfoField = 'subscription_count' | 'user_count';

export function parseInfo(value: unknown): InfoField[] {
  if (value === undefined || value === null || value === '') return [];
  if (typeof value !== 'string') throw new HttpError(400, 'info must be a comma-separated string');
  const fields = value.split(',').map((s) => s.trim()).filter(Boolean);
  for (const field of fields) {
    if (field !== 'subscription_count' && field !== 'user_count') {
      throw new HttpError(400, `Unknown info attribute "${field.slice(0, 40)}" (use subscription_count, user_count)`);
    }
  }
  return fields as InfoField[];
}

/** The requested figures for one channel; user_count only exists for presence channels. */
export async function channelFigures(
  cluster: ClusterState,
  appId: string,
  name: string,
  fields: readonly InfoField[],
  subscriptions?: Map<string, number>,
): Promise<Record<string, number>> {
  const figures: Record<string, number> = {};
  if (fields.includes('subscription_count')) figures.subscription_count = (subscriptions ?? (await cluster.subscriptions(appId))).get(name) ?? 0;
  if (fields.includes('user_count') && channelKind(name) === 'presence') figures.user_count = await cluster.memberCount(appId, name);
  return figures;
}
