/**
 * Roles in the demo app, through real subscriptions (pusher-js against the
 * demo's /broadcasting/auth): the owner edits, others view, share links grant
 * what they were made for and nothing once changed, expired or revoked.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ShareTokens } from '../../server/demo/share.js';
import { disconnectAll, track } from '../helpers/clients.js';
import { makeConfig, TEST_APP, tempSqliteUrl } from '../helpers/config.js';
import { createDoc, demoFetch, shareLinks, signIn, type DemoPerson } from '../helpers/demo.js';
import { Pusher } from '../helpers/pusher-js.js';
import { signedFetch } from '../helpers/rest.js';
import { closeAllServers, startServer, type TestServer } from '../helpers/server.js';

afterEach(async () => {
  disconnectAll();
  await closeAllServers();
});

type Joined = { role: string } | { refused: number };

interface Subscription {
  readonly client: Pusher;
  /** The outcome of the channel's next subscription attempt (pusher-js subscribes again after a reconnect). */
  next(): Promise<Joined>;
}

/** Subscribes to the document's channel as pusher-js does, with the person's session and a share link, if any. */
function subscribe(server: TestServer, person: DemoPerson, docId: string, share?: string): Subscription {
  const client = track(new Pusher(TEST_APP.key, {
    cluster: '', wsHost: server.host, wsPort: server.port, forceTLS: false, enabledTransports: ['ws'], disableStats: true,
    channelAuthorization: {
      endpoint: `${server.httpUrl}/broadcasting/auth`, transport: 'ajax',
      headers: { authorization: `Bearer ${person.token}` }, params: share ? { share } : {},
    },
  }));
  const channel = client.subscribe(`presence-doc.${docId}`);
  const outcomes: Joined[] = [];
  const waiting: ((outcome: Joined) => void)[] = [];
  const settle = (outcome: Joined): void => {
    const wake = waiting.shift();
    if (wake) wake(outcome);
    else outcomes.push(outcome);
  };
  channel.bind('pusher:subscription_succeeded', (members: { me: { info: { role: string } } }) => settle({ role: members.me.info.role }));
  channel.bind('pusher:subscription_error', (error: { status: number }) => settle({ refused: error.status }));
  return {
    client,
    next: () => {
      const ready = outcomes.shift();
      return ready ? Promise.resolve(ready) : new Promise((resolve) => waiting.push(resolve));
    },
  };
}

/**
 * The outcome of one subscription. Presence shows one entry per user, so a
 * person's role is read from their first subscription: let each join once.
 */
function join(server: TestServer, person: DemoPerson, docId: string, share?: string): Promise<Joined> {
  return subscribe(server, person, docId, share).next();
}

/** What the demo's document page is told before it mounts the editor. */
async function open(server: TestServer, person: DemoPerson, docId: string, share?: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await demoFetch(server, 'POST', `/demo/documents/${docId}/access`, { cookie: person.cookie, body: share ? { share } : {} });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** A link signed with the server's own share key, as if made two hours ago for one hour. */
function expiredLink(docId: string, role: 'editor' | 'viewer'): string {
  return new ShareTokens(TEST_APP.secret, 3600, () => Date.now() - 2 * 3600 * 1000).issue(docId, role, 0).token;
}

describe('roles in the demo app', () => {
  it('lets the owner edit and everyone else signed in view; share links grant the role they name', async () => {
    const server = await startServer();
    const ana = await signIn(server, 'Ana');
    const docId = await createDoc(server, ana);
    const links = await shareLinks(server, ana, docId);
    expect(await join(server, ana, docId)).toEqual({ role: 'editor' });
    expect(await join(server, await signIn(server, 'Bo'), docId)).toEqual({ role: 'viewer' });
    expect(await join(server, await signIn(server, 'Cy'), docId, links.viewer)).toEqual({ role: 'viewer' });
    const dee = await signIn(server, 'Dee');
    expect(await join(server, dee, docId, links.editor)).toEqual({ role: 'editor' });
    expect((await open(server, dee, docId, links.editor)).body).toMatchObject({ id: docId, title: 'Notes', role: 'editor', owner: false });
    expect((await open(server, ana, docId)).body).toMatchObject({ role: 'editor', owner: true });
  });

  it('refuses a viewer link made into an editor link, a link for another document, an expired link and a forged one', async () => {
    const server = await startServer();
    const ana = await signIn(server, 'Ana');
    const bo = await signIn(server, 'Bo');
    const docId = await createDoc(server, ana);
    const otherDoc = await createDoc(server, ana, 'Other');
    const { viewer } = await shareLinks(server, ana, docId);
    const promoted = viewer.replace(/^v\./, 'e.');
    for (const [doc, link, reason] of [
      [docId, promoted, /not valid/],
      [otherDoc, viewer, /not valid/],
      [docId, expiredLink(docId, 'editor'), /expired/],
      [docId, 'e.0.99999999999.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', /not valid/],
    ] as const) {
      expect(await join(server, bo, doc, link)).toEqual({ refused: 403 });
      const opened = await open(server, bo, doc, link);
      expect(opened.status).toBe(403);
      expect(opened.body.error).toMatch(reason);
    }
  });

  it('stops links the owner revoked, also after a restart, while new links work', async () => {
    const databaseUrl = tempSqliteUrl();
    const config = { documents: { ...makeConfig().documents, databaseUrl } };
    let server = await startServer(config);
    const ana = await signIn(server, 'Ana');
    const bo = await signIn(server, 'Bo');
    const docId = await createDoc(server, ana);
    const old = await shareLinks(server, ana, docId);
    expect(await join(server, bo, docId, old.editor)).toEqual({ role: 'editor' });
    const revoked = await demoFetch(server, 'DELETE', `/demo/documents/${docId}/share`, { cookie: ana.cookie });
    expect(revoked.status).toBe(200);
    const cy = await signIn(server, 'Cy');
    for (const link of [old.editor, old.viewer]) {
      expect(await join(server, cy, docId, link)).toEqual({ refused: 403 });
      expect((await open(server, cy, docId, link)).body.error).toMatch(/revoked/);
    }
    const fresh = await shareLinks(server, ana, docId);
    expect(await join(server, cy, docId, fresh.viewer)).toEqual({ role: 'viewer' });

    disconnectAll();
    await server.close();
    server = await startServer(config);
    const dee = await signIn(server, 'Dee');
    expect(await join(server, dee, docId, old.editor)).toEqual({ refused: 403 });
    expect(await join(server, dee, docId, fresh.editor)).toEqual({ role: 'editor' });
    expect(await join(server, ana, docId)).toEqual({ role: 'editor' });
  });

  it('makes whoever has the document open reconnect when links are revoked: a revoked link then grants nothing', async () => {
    const server = await startServer();
    const ana = await signIn(server, 'Ana');
    const docId = await createDoc(server, ana);
    const { editor } = await shareLinks(server, ana, docId);
    const owner = subscribe(server, ana, docId);
    const withLink = subscribe(server, await signIn(server, 'Bo'), docId, editor);
    const withoutLink = subscribe(server, await signIn(server, 'Cy'), docId);
    expect(await owner.next()).toEqual({ role: 'editor' });
    expect(await withLink.next()).toEqual({ role: 'editor' });
    expect(await withoutLink.next()).toEqual({ role: 'viewer' });
    const ownerSocket = owner.client.connection.socket_id;
    const linkSocket = withLink.client.connection.socket_id;

    expect((await demoFetch(server, 'DELETE', `/demo/documents/${docId}/share`, { cookie: ana.cookie })).status).toBe(200);
    // Bo's and Cy's sockets are closed with 4200; pusher-js reconnects and subscribes again under the new rules.
    expect(await withLink.next()).toEqual({ refused: 403 });
    expect(withLink.client.connection.socket_id).not.toBe(linkSocket);
    expect(await withoutLink.next()).toEqual({ role: 'viewer' });
    expect(owner.client.connection.socket_id).toBe(ownerSocket);
    expect(owner.client.connection.state).toBe('connected');
  });

  it('gives share links and revocation to the owner only, and renaming to editors only', async () => {
    const server = await startServer();
    const ana = await signIn(server, 'Ana');
    const bo = await signIn(server, 'Bo');
    const docId = await createDoc(server, ana);
    const { editor, viewer } = await shareLinks(server, ana, docId);
    for (const [method, path, body] of [
      ['POST', `/demo/documents/${docId}/share`, undefined],
      ['DELETE', `/demo/documents/${docId}/share`, undefined],
      ['PATCH', `/demo/documents/${docId}`, { title: 'Mine now' }],
      ['PATCH', `/demo/documents/${docId}`, { title: 'Mine now', share: viewer }],
      ['PATCH', `/demo/documents/${docId}`, { title: 'Mine now', share: viewer.replace(/^v\./, 'e.') }],
    ] as const) {
      const response = await demoFetch(server, method, path, { cookie: bo.cookie, body });
      expect(response.status).toBe(403);
    }
    // Still Ana's links and title: Bo's attempts changed nothing.
    expect(await join(server, bo, docId, editor)).toEqual({ role: 'editor' });
    const titles = async (): Promise<unknown> => ((await (await demoFetch(server, 'GET', '/demo/documents', { cookie: bo.cookie })).json()) as { documents: unknown[] }).documents;
    expect(await titles()).toEqual([expect.objectContaining({ id: docId, title: 'Notes', owned: false })]);
    expect((await demoFetch(server, 'PATCH', `/demo/documents/${docId}`, { cookie: ana.cookie, body: { title: 'Plans' } })).status).toBe(200);
    // An editor link lets Bo rename it too.
    expect((await demoFetch(server, 'PATCH', `/demo/documents/${docId}`, { cookie: bo.cookie, body: { title: 'Summer plans', share: editor } })).status).toBe(200);
    expect(await titles()).toEqual([expect.objectContaining({ id: docId, title: 'Summer plans' })]);
    expect((await demoFetch(server, 'PATCH', '/demo/documents/made-up', { cookie: ana.cookie, body: { title: 'x' } })).status).toBe(404);
  });

  it('gives no one the editor role on a document without an owner (made through the signed API) unless by link', async () => {
    const server = await startServer();
    expect((await signedFetch(server, 'POST', '/documents', { body: JSON.stringify({ id: 'made-elsewhere' }) })).status).toBe(201);
    const bo = await signIn(server, 'Bo');
    expect(await join(server, bo, 'made-elsewhere')).toEqual({ role: 'viewer' });
  });

  it('signs no subscription to a document that does not exist: opening an unknown id creates nothing', async () => {
    const server = await startServer();
    const ana = await signIn(server, 'Ana');
    expect(await join(server, ana, 'made-up')).toEqual({ refused: 403 });
    expect((await open(server, ana, 'made-up')).status).toBe(404);
    expect(await server.node.store.info({ appId: server.app.id, docId: 'made-up' })).toBeUndefined();
  });
});
