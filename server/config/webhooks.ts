/**
 * Where an app's webhooks go, from the environment (one URL for the single
 * app) or from the apps file (a list per app), and the node-wide settings of
 * their delivery. Reverb has no webhooks, so the variables are Chorus's own.
 */
import { isPlainObject } from '../../shared/pusher/frames.js';
import type { EnvReader } from './parse.js';

/** Pusher's webhook events, and the document events Chorus adds. */
export const WEBHOOK_EVENTS = [
  'channel_occupied', 'channel_vacated', 'member_added', 'member_removed', 'client_event', 'cache_miss',
  'subscription_count', 'document_created', 'document_stored', 'document_version_created',
] as const;

export type WebhookEventName = (typeof WEBHOOK_EVENTS)[number];

/** One receiver of an app's webhooks, and the events it wants (all of them unless it says). */
export interface WebhookTarget {
  readonly url: string;
  readonly events: readonly WebhookEventName[];
}

/** How webhooks are batched, retried and bounded on this node. */
export interface WebhookSettings {
  /** Events of one app gathered into one request for at most this long, in ms. */
  readonly batchMs: number;
  /** Most events in one request. */
  readonly maxBatch: number;
  /** Pusher's grace before channel_vacated and member_removed: a client back within it causes neither. */
  readonly graceMs: number;
  /** One request's timeout, in ms. */
  readonly timeoutMs: number;
  /** How long a failing request is retried, with back-off, before its events are dropped (Pusher: 5 minutes). */
  readonly retryForMs: number;
  /** Events waiting per receiver; beyond it the oldest are dropped (and counted). */
  readonly maxQueue: number;
}

export function readWebhookSettings(read: EnvReader): WebhookSettings {
  return {
    batchMs: read.number('CHORUS_WEBHOOK_BATCH_MS', 250, { min: 0, max: 60_000, integer: true }),
    maxBatch: 100,
    graceMs: read.number('CHORUS_WEBHOOK_GRACE_MS', 3000, { min: 0, max: 60_000, integer: true }),
    timeoutMs: read.number('CHORUS_WEBHOOK_TIMEOUT_MS', 10_000, { min: 100, integer: true }),
    retryForMs: read.number('CHORUS_WEBHOOK_RETRY_FOR', 300, { min: 0, max: 86_400 }) * 1000,
    maxQueue: read.number('CHORUS_WEBHOOK_MAX_QUEUE', 10_000, { min: 1, integer: true }),
  };
}

/** The single app's receiver: CHORUS_WEBHOOK_URL, restricted to CHORUS_WEBHOOK_EVENTS when set. */
export function readWebhookTargets(read: EnvReader): WebhookTarget[] {
  const url = read.raw('CHORUS_WEBHOOK_URL');
  const events = read.list('CHORUS_WEBHOOK_EVENTS', []);
  if (url === undefined) return [];
  const problems: string[] = [];
  const target = webhookTarget({ url, ...(events.length > 0 ? { events } : {}) }, 'CHORUS_WEBHOOK_URL', problems);
  read.problems.push(...problems);
  return target ? [target] : [];
}

/** An apps file's `webhooks: [{ "url", "events"? }]`. */
export function parseWebhookTargets(value: unknown, where: string, problems: string[]): WebhookTarget[] {
  if (!Array.isArray(value)) {
    problems.push(`${where} must be a list of { "url", "events"? }`);
    return [];
  }
  return value.flatMap((entry, i) => webhookTarget(entry, `${where}[${i}]`, problems) ?? []);
}

function webhookTarget(entry: unknown, where: string, problems: string[]): WebhookTarget | undefined {
  if (!isPlainObject(entry)) {
    problems.push(`${where} must be an object { "url", "events"? }`);
    return undefined;
  }
  const { url, events = [...WEBHOOK_EVENTS] } = entry;
  if (typeof url !== 'string' || !/^https?:\/\/[^/\s]+/i.test(url)) {
    problems.push(`${where}: the url must be an http:// or https:// URL`);
    return undefined;
  }
  const known = new Set<string>(WEBHOOK_EVENTS);
  if (!Array.isArray(events) || events.length === 0 || !events.every((e) => typeof e === 'string' && known.has(e))) {
    problems.push(`${where}: events must be a non-empty list of ${WEBHOOK_EVENTS.join(', ')}`);
    return undefined;
  }
  return { url, events: events as WebhookEventName[] };
}
