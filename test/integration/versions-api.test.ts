/**
 * The documents API's version routes through the real `pusher` SDK's signed
 * requests, on both stores: list (newest first, with authors), name, read in
 * every export format, restore (live for an open editor), and 404 for
 * anything unknown.
 */
import { $createParagraphNode, $createTextNode, $getRoot } from 'lexical';
import * as Y from 'yjs';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { exportDocument } from '../../server/collab/lexical/convert.js';
import { bindHeadless, settle } from '../../server/collab/lexical/headless.js';
import { startAuthServer, type AuthServer } from '../helpers/auth-server.js';
import { disconnectAll } from '../helpers/clients.js';
import { openDoc } from '../helpers/doc-client.js';
import { sdkFor, sdkPost, signedFetch } from '../helpers/rest.js';
import { closeAllServers, startServer, type TestServer } from '../helpers/server.js';
import { databaseUrlFor, STORE_KINDS, stopSharedPostgres } from '../helpers/stores.js';
import { waitFor } from '../helpers/wait.js';

let auth: AuthServer | undefined;
afterEach(async () => {
  disconnectAll();
  await auth?.close();
  await closeAllServers();
});
afterAll(stopSharedPostgres);

interface ListedVersion { id: string; name: string | null; created_at: string; authors: { id: string; name?: string }[] }

const post = sdkPost;

interface Answer { json(): Promise<unknown> }

async function body<T>(response: Answer | Promise<Answer>): Promise<T> {
  return (await (await response).json()) as T;
}

describe.each(STORE_KINDS)('version routes of the documents API (%s)', (kind) => {
  async function start(): Promise<TestServer> {
    const server = await startServer({}, {}, { env: { DATABASE_URL: await databaseUrlFor(kind) } });
    auth = await startAuthServer(server);
    return server;
  }

  it('names, lists newest first with authors, reads in every format, and restores live for an open editor', async () => {
    const server = await start();
    const sdk = sdkFor(server);
    expect((await post(sdk, '/documents', { id: 'plan', content: '# Plan\n\nFirst draft', format: 'markdown' })).status).toBe(201);

    const FORMATS = ['text', 'markdown', 'html', 'json'];
    const current = async (format: string): Promise<unknown> => (await body<{ content: unknown }>(sdk.get({ path: '/documents/plan', params: { format } }))).content;
    const exported = new Map(await Promise.all(FORMATS.map(async (format) => [format, await current(format)] as const)));
    const named = await post(sdk, '/documents/plan/versions', { name: 'Draft' });
    expect(named.status).toBe(201);
    const draft = await body<{ id: string; name: string; created_at: string }>(named);
    expect(Object.keys(draft).sort()).toEqual(['created_at', 'id', 'name']);
    expect(draft.name).toBe('Draft');
    expect(Date.parse(draft.created_at)).not.toBeNaN();

    // Ana edits through a (headless) Lexical editor bound to the document, as the browser's is.
    const ana = bindHeadless();
    const client = await openDoc(server, auth!, 'plan', { id: 'ana', name: 'Ana' }, undefined, ana.doc);
    ana.editor.update(() => $getRoot().append($createParagraphNode().append($createTextNode('Second thoughts'))), { discrete: true });
    settle(ana.editor);
    await client.saved();
    expect(await current('markdown')).toBe('# Plan\n\nFirst draft\n\nSecond thoughts');
    const second = await body<{ id: string }>(post(sdk, '/documents/plan/versions', { name: 'With second thoughts' }));

    const { versions } = await body<{ versions: ListedVersion[] }>(sdk.get({ path: '/documents/plan/versions' }));
    expect(versions.map((v) => v.id)).toEqual([second.id, draft.id]);
    expect(versions.map((v) => v.name)).toEqual(['With second thoughts', 'Draft']);
    expect(versions[0]!.authors).toEqual([expect.objectContaining({ id: 'ana' })]);
    expect(Date.parse(versions[0]!.created_at)).toBeGreaterThanOrEqual(Date.parse(versions[1]!.created_at));

    // Each format answers as the document's own export would for that state.
    for (const format of FORMATS) {
      const read = await body<{ id: string; format: string; content: unknown }>(sdk.get({ path: `/documents/plan/versions/${draft.id}`, params: { format } }));
      expect(read).toEqual({ id: draft.id, format, content: exported.get(format) });
    }
    expect((await body<{ content: unknown }>(sdk.get({ path: `/documents/plan/versions/${draft.id}` }))).content).toBe('Plan\n\nFirst draft');

    const restored = await post(sdk, `/documents/plan/versions/${draft.id}/restore`, {});
    expect(restored.status).toBe(200);
    expect(await body<{ restored_from: string }>(restored)).toMatchObject({ restored_from: draft.id });
    expect(await current('markdown')).toBe('# Plan\n\nFirst draft');
    await waitFor(() => exportDocument(Y.encodeStateAsUpdate(ana.doc), 'text') === 'Plan\n\nFirst draft', { what: 'the open editor to show the restore' });

    // The restore is listed (with the version taken just before it), newest first; the named ones stay.
    const after = await body<{ versions: ListedVersion[] }>(sdk.get({ path: '/documents/plan/versions' }));
    expect(after.versions.length).toBeGreaterThanOrEqual(3);
    expect(after.versions.slice(-2).map((v) => v.id)).toEqual([second.id, draft.id]);
    const times = after.versions.map((v) => Date.parse(v.created_at));
    expect([...times].sort((x, y) => y - x)).toEqual(times);
    // Made by nobody the app named: marked as made through the API.
    expect(after.versions[0]).toMatchObject({ kind: 'restore', restored_from: draft.id, authors: [{ id: 'chorus:api', name: 'HTTP API' }] });

    // An app restoring for one of its users names them.
    const forBo = await post(sdk, `/documents/plan/versions/${second.id}/restore`, { author: { id: 'bo', name: 'Bo' } });
    expect(forBo.status).toBe(200);
    const byBo = await body<{ versions: ListedVersion[] }>(sdk.get({ path: '/documents/plan/versions' }));
    expect(byBo.versions[0]).toMatchObject({ kind: 'restore', restored_from: second.id, authors: [{ id: 'bo', name: 'Bo' }] });
  });

  it('answers 404 for unknown documents and versions, 400 for a bad name or format, and keeps versions across a restart', async () => {
    const server = await start();
    const sdk = sdkFor(server);
    await post(sdk, '/documents', { id: 'notes', content: 'Hello' });
    const kept = await body<{ id: string }>(post(sdk, '/documents/notes/versions', { name: 'Hello' }));

    expect((await signedFetch(server, 'GET', '/documents/nothing/versions')).status).toBe(404);
    expect((await signedFetch(server, 'POST', '/documents/nothing/versions', { body: JSON.stringify({ name: 'x' }) })).status).toBe(404);
    expect((await signedFetch(server, 'GET', '/documents/notes/versions/unknown')).status).toBe(404);
    expect((await signedFetch(server, 'GET', '/documents/notes/versions/bad%20id')).status).toBe(404);
    expect((await signedFetch(server, 'POST', '/documents/notes/versions/unknown/restore', { body: '{}' })).status).toBe(404);
    expect((await signedFetch(server, 'GET', `/documents/nothing/versions/${kept.id}`)).status).toBe(404);
    expect((await signedFetch(server, 'POST', `/documents/nothing/versions/${kept.id}/restore`, { body: '{}' })).status).toBe(404);
    for (const author of ['bo', {}, { id: '' }, { id: 'x'.repeat(201) }, { id: 'bo', name: 7 }, { id: 'bo', name: 'n'.repeat(101) }]) {
      expect((await signedFetch(server, 'POST', `/documents/notes/versions/${kept.id}/restore`, { body: JSON.stringify({ author }) })).status).toBe(400);
    }
    expect((await signedFetch(server, 'POST', '/documents/notes/versions', { body: JSON.stringify({ name: '' }) })).status).toBe(400);
    expect((await signedFetch(server, 'POST', '/documents/notes/versions', { body: JSON.stringify({ name: 7 }) })).status).toBe(400);
    expect((await signedFetch(server, 'GET', `/documents/notes/versions/${kept.id}`, { params: { format: 'pdf' } })).status).toBe(400);
    // Unsigned: refused like the rest of the API.
    expect((await fetch(`${server.httpUrl}/apps/${server.app.id}/documents/notes/versions`)).status).toBe(401);

    const again = await startServer({}, {}, { env: { DATABASE_URL: server.config.documents.databaseUrl } });
    const listed = await body<{ versions: ListedVersion[] }>(sdkFor(again).get({ path: '/documents/notes/versions' }));
    expect(listed.versions.map((v) => v.id)).toContain(kept.id);
  });
});
