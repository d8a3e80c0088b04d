import Pusher from 'pusher';
import { signRestQuery } from '../../server/auth/rest.js';
import { TEST_APP, TEST_ENCRYPTION_KEY } from './config.js';
import type { TestServer } from './server.js';

/** The real `pusher` server SDK pointed at a test node (with the master key encrypted channels use, as a backend has it). */
export function sdkFor(server: TestServer, app: { id: string; key: string; secret: string } = TEST_APP): Pusher {
  return new Pusher({
    appId: app.id, key: app.key, secret: app.secret, host: server.host, port: String(server.port), useTLS: false, encryptionMasterKeyBase64: TEST_ENCRYPTION_KEY,
  });
}

/** A signed POST through the SDK, which JSON-encodes `body` itself though its typings say string. */
export function sdkPost(sdk: Pusher, path: string, body: object): Promise<Response> {
  return sdk.post({ path, body: body as unknown as string }) as unknown as Promise<Response>;
}

/** A hand-signed request, for the cases an SDK would refuse to send. */
export async function signedFetch(
  server: TestServer,
  method: string,
  path: string,
  options: { body?: string; params?: Record<string, string>; app?: { key: string; secret: string }; timestamp?: number; tamper?: (q: string) => string } = {},
): Promise<{ status: number; body: unknown }> {
  const fullPath = `/apps/${TEST_APP.id}${path}`;
  let query = signRestQuery(method, fullPath, options.app ?? TEST_APP, options.params, options.body ?? '', options.timestamp);
  if (options.tamper) query = options.tamper(query);
  const init: RequestInit = { method, headers: { 'content-type': 'application/json' } };
  if (options.body !== undefined) init.body = options.body;
  const response = await fetch(`${server.httpUrl}${fullPath}?${query}`, init);
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // leave as text
  }
  return { status: response.status, body };
}
