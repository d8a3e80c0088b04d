/**
 * One webhook request as Pusher sends it: a JSON body `{ time_ms, events }`,
 * signed with the app's secret (X-Pusher-Signature: hex HMAC-SHA256 of the
 * body), named by its key (X-Pusher-Key). Any 2xx answer is success.
 */
import { hmacHex } from '../auth/signatures.js';

export interface WebhookEvent {
  readonly name: string;
  readonly [field: string]: unknown;
}

/** The body, made once per batch so every retry sends (and signs) the same bytes. */
export function webhookBody(timeMs: number, events: readonly WebhookEvent[]): string {
  return JSON.stringify({ time_ms: timeMs, events });
}

/** Throws when the receiver does not answer 2xx within `timeoutMs`. */
export async function postWebhook(url: string, body: string, app: { key: string; secret: string }, timeoutMs: number): Promise<void> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-pusher-key': app.key, 'x-pusher-signature': hmacHex(app.secret, body) },
    body,
    signal: AbortSignal.timeout(timeoutMs),
    redirect: 'manual',
  });
  await response.body?.cancel();
  if (response.status < 200 || response.status > 299) throw new Error(`answered ${response.status}`);
}
