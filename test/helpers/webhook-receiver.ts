/**
 * A real HTTP endpoint receiving webhooks, as a host app's would, checking
 * each request with the `pusher` SDK's own webhook() helper (isValid,
 * getEvents). It can answer with an error, or hold requests open, to test
 * retries and the queue's budget.
 */
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import Pusher from 'pusher';
import { TEST_APP } from './config.js';
import { waitFor } from './wait.js';

export interface ReceivedWebhook {
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  /** What the SDK's webhook(request).isValid() said, with the app's key and secret. */
  readonly valid: boolean;
  readonly timeMs: number;
  readonly events: WebhookEvent[];
}

export interface WebhookEvent {
  readonly name: string;
  readonly channel?: string;
  readonly [field: string]: unknown;
}

export interface WebhookReceiver {
  readonly url: string;
  /** Accepted requests (answered 2xx), in arrival order. */
  readonly received: ReceivedWebhook[];
  /** Every request, refused ones too. */
  readonly attempts: ReceivedWebhook[];
  /** Every event of every accepted request, in order. */
  events(): WebhookEvent[];
  /** Waits until an accepted event matches. */
  waitForEvent(matches: (event: WebhookEvent) => boolean, what: string): Promise<WebhookEvent>;
  /** Answers the next `count` requests with `status`. */
  refuseNext(count: number, status?: number): void;
  /** Holds requests unanswered until `release()`. */
  hold(): void;
  release(): void;
  close(): Promise<void>;
}

export async function startWebhookReceiver(app: { id: string; key: string; secret: string } = TEST_APP): Promise<WebhookReceiver> {
  const sdk = new Pusher({ appId: app.id, key: app.key, secret: app.secret, host: '127.0.0.1' });
  const received: ReceivedWebhook[] = [];
  const attempts: ReceivedWebhook[] = [];
  let refusals: { left: number; status: number } = { left: 0, status: 500 };
  let held: (() => void)[] | undefined;
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const webhook = sdk.webhook({ headers: req.headers as Record<string, string>, rawBody: body });
      const valid = webhook.isValid();
      const request: ReceivedWebhook = { headers: req.headers, body, valid, timeMs: valid ? webhook.getTime().getTime() : 0, events: valid ? webhook.getEvents() as unknown as WebhookEvent[] : [] };
      attempts.push(request);
      const answer = (res2: ServerResponse): void => {
        if (refusals.left > 0) {
          refusals.left -= 1;
          res2.writeHead(refusals.status).end();
          return;
        }
        received.push(request);
        res2.writeHead(200).end('ok');
      };
      if (held) held.push(() => answer(res));
      else answer(res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const events = (): WebhookEvent[] => received.flatMap((r) => r.events);
  return {
    url: `http://127.0.0.1:${port}/pusher/webhooks`,
    received, attempts, events,
    waitForEvent: (matches, what) => waitFor(() => events().find(matches), { what, timeout: 15_000 }),
    refuseNext: (count, status = 500) => {
      refusals = { left: count, status };
    },
    hold: () => {
      held = [];
    },
    release: () => {
      const waiting = held ?? [];
      held = undefined;
      waiting.forEach((answer) => answer());
    },
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** The events of one name (and channel), in order. */
export function named(events: WebhookEvent[], name: string, channel?: string): WebhookEvent[] {
  return events.filter((e) => e.name === name && (channel === undefined || e.channel === channel));
}
