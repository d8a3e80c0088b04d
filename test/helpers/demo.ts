/** The demo app's HTTP routes, called as its pages call them (same origin, session cookie). */
import { expect } from 'vitest';
import type { TestServer } from './server.js';

export interface DemoPerson {
  readonly cookie: string;
  /** The session token (the cookie's value), for Echo's bearerToken. */
  readonly token: string;
  readonly user: { id: string; name: string };
}

/** Calls a demo route as a page of the server's own origin would (Origin header included for writes). */
export function demoFetch(server: TestServer, method: string, path: string, options: { cookie?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...(options.cookie ? { cookie: options.cookie } : {}) };
  if (method !== 'GET') headers.origin = new URL(server.httpUrl).origin;
  return fetch(`${server.httpUrl}${path}`, {
    method,
    headers: { ...headers, ...options.headers },
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
}

export async function signIn(server: TestServer, name: string, color = '#3366ff'): Promise<DemoPerson> {
  const response = await demoFetch(server, 'POST', '/demo/session', { body: { name, color } });
  expect(response.status).toBe(200);
  const { user } = (await response.json()) as { user: { id: string; name: string } };
  const cookie = response.headers.get('set-cookie')!.split(';')[0]!;
  return { cookie, token: cookie.slice(cookie.indexOf('=') + 1), user };
}

export async function createDoc(server: TestServer, owner: DemoPerson, title = 'Notes'): Promise<string> {
  const response = await demoFetch(server, 'POST', '/demo/documents', { cookie: owner.cookie, body: { title } });
  expect(response.status).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

export async function shareLinks(server: TestServer, owner: DemoPerson, docId: string): Promise<{ editor: string; viewer: string; expires_at: string }> {
  const response = await demoFetch(server, 'POST', `/demo/documents/${docId}/share`, { cookie: owner.cookie });
  expect(response.status).toBe(200);
  return (await response.json()) as { editor: string; viewer: string; expires_at: string };
}
