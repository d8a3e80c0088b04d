/** The demo app's calls to its own server (same origin, session cookie). */
export interface DemoUser { id: string; name: string; color: string }
export interface DemoDocument { id: string; title: string; updated_at: string; owned: boolean }
export interface DocumentAccess { id: string; title: string; role: 'editor' | 'viewer'; owner: boolean }
export interface ShareLinks { editor: string; viewer: string; expires_at: string }

/** A same-origin call to the demo's routes; rejects with the server's error message. */
export async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const init: RequestInit = { method, credentials: 'same-origin', headers: { 'content-type': 'application/json' } };
  if (body !== undefined) init.body = JSON.stringify(body);
  const response = await fetch(path, init);
  const data = (await response.json().catch(() => ({}))) as T & { error?: string };
  if (!response.ok) throw new Error(data.error ?? `${method} ${path} failed (${response.status})`);
  return data;
}

const doc = (id: string): string => `/demo/documents/${encodeURIComponent(id)}`;

export const api = {
  config: () => call<{ key: string; path: string }>('GET', '/demo/config'),
  me: () => call<{ user: DemoUser }>('GET', '/demo/session').then((r) => r.user, () => undefined),
  signIn: (name: string, color: string) => call<{ user: DemoUser }>('POST', '/demo/session', { name, color }).then((r) => r.user),
  signOut: () => call('DELETE', '/demo/session'),
  documents: () => call<{ documents: DemoDocument[] }>('GET', '/demo/documents').then((r) => r.documents),
  create: (title: string) => call<{ id: string }>('POST', '/demo/documents', { title }),
  rename: (id: string, title: string) => call('PATCH', doc(id), { title }),
  /** The role this user has on the document with this share link; rejects with the reason a link is refused. */
  access: (id: string, share: string | undefined) => call<DocumentAccess>('POST', `${doc(id)}/access`, share ? { share } : {}),
  share: (id: string) => call<ShareLinks>('POST', `${doc(id)}/share`),
  revoke: (id: string) => call('DELETE', `${doc(id)}/share`),
};
