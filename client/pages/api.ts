/** The demo app's calls to its own server (same origin, session cookie). */
export interface DemoUser { id: string; name: string; color: string }
export interface DemoDocument { id: string; title: string; updated_at: string; owned: boolean }
export interface DocumentAccess { id: string; title: string; role: 'editor' | 'viewer'; owner: boolean }
export interface ShareLinks { editor: string; viewer: string; expires_at: string }

/** A refused call: the server's reason, and its HTTP status (0 when the server could not be reached). */
export class ApiError extends Error {
  constructor(message: string, readonly status: number) {
    super(message);
  }
}

/** A same-origin call to the demo's routes; rejects with an ApiError carrying the server's reason. */
export async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const init: RequestInit = { method, credentials: 'same-origin', headers: { 'content-type': 'application/json' } };
  if (body !== undefined) init.body = JSON.stringify(body);
  const response = await fetch(path, init).catch(() => {
    throw new ApiError('The server cannot be reached. Check your connection and try again.', 0);
  });
  const data = (await response.json().catch(() => ({}))) as T & { error?: string };
  if (!response.ok) throw new ApiError(data.error ?? `${method} ${path} failed (${response.status})`, response.status);
  return data;
}

const doc = (id: string): string => `/demo/documents/${encodeURIComponent(id)}`;

export const api = {
  config: () => call<{ key: string; path: string }>('GET', '/demo/config'),
  /** The signed-in user, or undefined (the server answers 200 either way). */
  me: () => call<{ user: DemoUser | null }>('GET', '/demo/session').then((r) => r.user ?? undefined),
  signIn: (name: string, color: string) => call<{ user: DemoUser }>('POST', '/demo/session', { name, color }).then((r) => r.user),
  signOut: () => call('DELETE', '/demo/session'),
  documents: () => call<{ documents: DemoDocument[] }>('GET', '/demo/documents').then((r) => r.documents),
  create: (title: string) => call<{ id: string }>('POST', '/demo/documents', { title }),
  /** Editors rename: the owner, or whoever holds an editor link (`share`). */
  rename: (id: string, title: string, share?: string) => call<{ title: string }>('PATCH', doc(id), share ? { title, share } : { title }),
  /** The role this user has on the document with this share link; rejects with the reason a link is refused. */
  access: (id: string, share: string | undefined) => call<DocumentAccess>('POST', `${doc(id)}/access`, share ? { share } : {}),
  share: (id: string) => call<ShareLinks>('POST', `${doc(id)}/share`),
  revoke: (id: string) => call('DELETE', `${doc(id)}/share`),
};
