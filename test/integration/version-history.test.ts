/**
 * Version history on a real node: a restore while three people edit (every
 * open editor converges on it, and an edit made concurrently is kept or
 * shows as removed in a version's diff), an editor offline across a restore
 * (what it typed into a removed block is kept), who may do what through the
 * demo's routes (viewers list and view; only editors name and restore), and
 * automatic versions (after a quiet time, and when the document closes).
 */
import { $createParagraphNode, $createTextNode, $getRoot, type ElementNode } from 'lexical';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import type { DiffNode } from '../../shared/history/diff-tree.js';
import { exportDocument } from '../../server/collab/lexical/convert.js';
import { bindHeadless, settle, type BoundEditor } from '../../server/collab/lexical/headless.js';
import { startAuthServer, type AuthServer } from '../helpers/auth-server.js';
import { createDoc, demoFetch, shareLinks, signIn, type DemoPerson } from '../helpers/demo.js';
import { openDoc, type DocClient } from '../helpers/doc-client.js';
import { useServerAndAuth } from '../helpers/fixtures.js';
import { sdkFor } from '../helpers/rest.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { waitFor } from '../helpers/wait.js';

let server: TestServer;
let auth: AuthServer;
useServerAndAuth((s, a) => {
  server = s;
  auth = a;
});

interface Editor { readonly bound: BoundEditor; readonly client: DocClient }
interface VersionJson { id: string; name: string | null; kind: string; created_at: string; authors: { id: string; name?: string }[] }
interface ChangedText { text: string; type: 'added' | 'removed'; user?: string }

const textOf = (doc: Y.Doc): string => exportDocument(Y.encodeStateAsUpdate(doc), 'text') as string;

async function editor(docId: string, id: string, on: { server: TestServer; auth: AuthServer } = { server, auth }): Promise<Editor> {
  const bound = bindHeadless();
  const client = await openDoc(on.server, on.auth, docId, { id, name: id }, undefined, bound.doc);
  return { bound, client };
}

function appendParagraph(bound: BoundEditor, text: string): void {
  bound.editor.update(() => $getRoot().append($createParagraphNode().append($createTextNode(text))), { discrete: true });
  settle(bound.editor);
}

/** Appends to the text of the first block whose text contains `marker`. */
function appendTo(bound: BoundEditor, marker: string, text: string): void {
  bound.editor.update(() => {
    const block = $getRoot().getChildren<ElementNode>().find((b) => b.getTextContent().includes(marker))!;
    block.append($createTextNode(text));
  }, { discrete: true });
  settle(bound.editor);
}

/** Holds back what a client sends (its edits in flight) until released. */
function holdOutgoing(client: DocClient): { release: () => void } {
  const channel = client.provider.channelHandle!;
  const send = channel.trigger.bind(channel);
  const held: Array<[string, unknown]> = [];
  channel.trigger = (event, data) => held.push([event, data]) > 0;
  return {
    release: () => {
      channel.trigger = send;
      for (const [event, data] of held) send(event, data);
    },
  };
}

async function json<T>(response: Response, status = 200): Promise<T> {
  const body = (await response.json()) as T;
  expect(response.status, JSON.stringify(body)).toBe(status);
  return body;
}

async function nameVersion(person: DemoPerson, docId: string, name: string): Promise<VersionJson> {
  return json<VersionJson>(await demoFetch(server, 'POST', `/demo/documents/${docId}/versions`, { cookie: person.cookie, body: { name } }), 201);
}

/** Every run of text the diff marks, with how and by whom. */
function changedTexts(node: DiffNode): ChangedText[] {
  if (node.kind === 'text') return node.change ? [{ text: node.text, type: node.change.type, ...(node.change.user ? { user: node.change.user } : {}) }] : [];
  return node.kind === 'element' ? node.children.flatMap(changedTexts) : [];
}

async function diffOf(person: DemoPerson, docId: string, versionId: string): Promise<ChangedText[]> {
  const view = await json<{ diff: DiffNode }>(await demoFetch(server, 'GET', `/demo/documents/${docId}/versions/${versionId}?compare=previous`, { cookie: person.cookie }));
  return changedTexts(view.diff);
}

describe('restoring a version while three people edit', () => {
  it('reaches every editor live; edits made before it show as removed, a concurrent one into a removed block is kept', async () => {
    const ana = await signIn(server, 'Ana', '#d64545');
    const docId = await createDoc(server, ana);
    const editors = await Promise.all(['ana', 'bo', 'cy'].map((id) => editor(docId, id)));
    const [a, b, c] = editors as [Editor, Editor, Editor];
    appendParagraph(a.bound, 'Take the train.');
    await a.client.saved();
    const kept = await nameVersion(ana, docId, 'Before the changes');
    const versionText = textOf(a.bound.doc);

    appendParagraph(b.bound, 'Fly instead.');
    appendTo(c.bound, 'Take the train', ' Overnight.');
    await Promise.all(editors.map((e) => e.client.saved()));
    await waitFor(() => editors.every((e) => textOf(e.bound.doc).includes('Fly instead.') && textOf(e.bound.doc).includes('Overnight.')), { what: 'every editor to see both edits' });

    // Cy types into Bo's paragraph just before the restore, and his update is still on its way when the restore is made.
    const held = holdOutgoing(c.client);
    appendTo(c.bound, 'Fly instead', ' With a stopover.');
    const restoring = demoFetch(server, 'POST', `/demo/documents/${docId}/versions/${kept.id}/restore`, { cookie: ana.cookie, body: {} });
    // Bo types while the restore is on its way: before it or after it, the room decides.
    appendParagraph(b.bound, 'Bo, meanwhile.');
    const restored = await json<{ id: string; restored_from: string; before: string }>(await restoring);
    expect(restored.restored_from).toBe(kept.id);
    await waitFor(() => !textOf(c.bound.doc).includes('Fly instead'), { what: 'the restore to reach Cy' });
    held.release();

    await waitFor(() => editors.every((e) => e.client.provider.synced && !e.client.provider.hasUnsavedChanges), { what: 'every edit to be saved', timeout: 20_000 });
    await waitFor(() => new Set(editors.map((e) => textOf(e.bound.doc))).size === 1, { what: 'the three editors to converge', timeout: 20_000 });
    await waitFor(() => editors.every((e) => textOf(e.bound.doc).includes('With a stopover.')), { what: 'the text Cy typed into the removed paragraph to be put back' });
    const final = textOf(a.bound.doc);
    expect(final.startsWith(versionText)).toBe(true);
    expect(final).not.toContain('Overnight.');
    expect(final).not.toContain('Fly instead.');
    // The text typed into the paragraph the restore removed is put back.
    expect(final).toContain('With a stopover.');

    // The restore's own diff shows what it removed, in the colour of whoever restored.
    const removedByRestore = (await diffOf(ana, docId, restored.id)).filter((c) => c.type === 'removed');
    expect(removedByRestore.map((c) => c.text).join('')).toContain('Fly instead.');
    expect(removedByRestore.map((c) => c.text).join('')).toContain('Overnight.');
    expect(new Set(removedByRestore.map((c) => c.user))).toEqual(new Set([ana.user.id]));

    // Bo's concurrent paragraph is either kept or removed by the restore, visibly.
    const after = await nameVersion(ana, docId, 'After the restore');
    const shownRemoved = removedByRestore.some((c) => c.text.includes('Bo, meanwhile.'));
    expect(final.includes('Bo, meanwhile.') || shownRemoved).toBe(true);

    const { versions } = await json<{ versions: VersionJson[] }>(await demoFetch(server, 'GET', `/demo/documents/${docId}/versions`, { cookie: ana.cookie }));
    const ids = versions.map((v) => v.id);
    expect(ids.slice(0, 3)).toEqual([after.id, restored.id, restored.before]);
    expect(ids).toContain(kept.id);
    const beforeRestore = versions.find((v) => v.id === restored.before)!;
    expect(beforeRestore.authors.map((p) => p.id)).toEqual(expect.arrayContaining(['bo', 'cy']));
    expect(versions.find((v) => v.id === restored.id)!.authors.map((p) => p.id)).toContain(ana.user.id);
    expect(versions.find((v) => v.id === after.id)!.authors.map((p) => p.id)).toContain('cy');
  });
});

describe('an editor offline across a restore', () => {
  it('keeps the text it typed offline into a block the restore removed', async () => {
    const ana = await signIn(server, 'Ana', '#d64545');
    const docId = await createDoc(server, ana);
    const [a, c] = (await Promise.all(['ana', 'cy'].map((id) => editor(docId, id)))) as [Editor, Editor];
    appendParagraph(a.bound, 'Take the train.');
    await a.client.saved();
    const kept = await nameVersion(ana, docId, 'Before the stopover');
    appendParagraph(c.bound, 'Fly instead.');
    await c.client.saved();
    await waitFor(() => textOf(a.bound.doc).includes('Fly instead.'), { what: 'Ana to see Cy\'s paragraph' });

    // Cy goes offline and types into his paragraph; meanwhile Ana restores a version without it.
    c.client.pusher.disconnect();
    await waitFor(() => c.client.provider.status === 'disconnected', { what: 'Cy to be offline' });
    appendTo(c.bound, 'Fly instead', ' Typed offline.');
    await json(await demoFetch(server, 'POST', `/demo/documents/${docId}/versions/${kept.id}/restore`, { cookie: ana.cookie, body: {} }));
    await waitFor(() => !textOf(a.bound.doc).includes('Fly instead.'), { what: 'the restore to reach Ana' });

    // Cy comes back: what he typed offline is still in the document, for everyone and in the store.
    c.client.pusher.connect();
    await c.client.saved();
    await waitFor(() => [a, c].every((e) => textOf(e.bound.doc).includes('Typed offline.')), { what: 'the text Cy typed offline to be in the document' });
    await waitFor(() => textOf(a.bound.doc) === textOf(c.bound.doc), { what: 'Ana and Cy to converge' });
    await a.client.saved();
    const stored = await sdkFor(server).get({ path: `/documents/${docId}` });
    expect(((await stored.json()) as { content: string }).content).toContain('Typed offline.');
    expect(textOf(a.bound.doc)).not.toContain('Fly instead.');
  });
});

describe('who may do what with versions', () => {
  it('lets a viewer list and view versions but refuses naming and restoring; an editor link may do both', async () => {
    const ana = await signIn(server, 'Ana', '#d64545');
    const docId = await createDoc(server, ana);
    const a = await editor(docId, 'ana');
    appendParagraph(a.bound, 'First words.');
    await a.client.saved();
    const first = await nameVersion(ana, docId, 'First');
    appendParagraph(a.bound, 'Second words.');
    await a.client.saved();
    const links = await shareLinks(server, ana, docId);

    const cy = await signIn(server, 'Cy', '#2e9e5b');
    const asViewer = (method: string, path: string, body?: object): Promise<Response> =>
      demoFetch(server, method, `/demo/documents/${docId}/versions${path}${method === 'GET' ? `?share=${links.viewer}` : ''}`,
        { cookie: cy.cookie, ...(method === 'GET' ? {} : { body: { ...body, share: links.viewer } }) });
    const { versions } = await json<{ versions: VersionJson[] }>(await asViewer('GET', ''));
    expect(versions.map((v) => v.name)).toContain('First');
    const view = await json<{ version: VersionJson }>(await asViewer('GET', `/${first.id}`));
    expect(view.version.id).toBe(first.id);

    expect((await asViewer('POST', '', { name: 'Mine' })).status).toBe(403);
    expect((await asViewer('POST', `/${first.id}/restore`)).status).toBe(403);
    // Nor without any link (a signed-in person views any document in the demo).
    expect((await demoFetch(server, 'POST', `/demo/documents/${docId}/versions`, { cookie: cy.cookie, body: { name: 'Mine' } })).status).toBe(403);
    expect((await demoFetch(server, 'POST', `/demo/documents/${docId}/versions/${first.id}/restore`, { cookie: cy.cookie, body: {} })).status).toBe(403);
    const after = await json<{ versions: VersionJson[] }>(await asViewer('GET', ''));
    expect(after.versions.map((v) => v.id)).toEqual(versions.map((v) => v.id));
    expect(textOf(a.bound.doc)).toContain('Second words.');

    const asEditor = (path: string, body: object): Promise<Response> =>
      demoFetch(server, 'POST', `/demo/documents/${docId}/versions${path}`, { cookie: cy.cookie, body: { ...body, share: links.editor } });
    expect((await asEditor('', { name: 'Cy was here' })).status).toBe(201);
    expect((await asEditor(`/${first.id}/restore`, {})).status).toBe(200);
    await waitFor(() => !textOf(a.bound.doc).includes('Second words.'), { what: 'the restore to reach Ana' });
  });
});

describe('automatic versions', () => {
  const listed = async (on: TestServer, docId: string): Promise<VersionJson[]> =>
    ((await (await sdkFor(on).get({ path: `/documents/${docId}/versions` })).json()) as { versions: VersionJson[] }).versions;

  it('takes one after a quiet time, listing who edited in that stretch only', async () => {
    const quick = await startServer({}, {}, { env: { CHORUS_VERSION_QUIET_MS: '200' } });
    const quickAuth = await startAuthServer(quick);
    try {
      await sdkFor(quick).post({ path: '/documents', body: { id: 'quiet' } as unknown as string });
      const a = await editor('quiet', 'ana', { server: quick, auth: quickAuth });
      appendParagraph(a.bound, 'First stretch.');
      await a.client.saved();
      const first = await waitFor(async () => (await listed(quick, 'quiet')).find((v) => v.kind === 'auto'), { what: 'an automatic version after the quiet time' });
      expect(first.authors.map((p) => p.id)).toEqual(['ana']);
      expect(first.name).toBeNull();

      const b = await editor('quiet', 'bo', { server: quick, auth: quickAuth });
      appendParagraph(b.bound, 'Second stretch.');
      await b.client.saved();
      const second = await waitFor(async () => (await listed(quick, 'quiet')).find((v) => v.kind === 'auto' && v.id !== first.id), { what: 'a second automatic version' });
      expect(second.authors.map((p) => p.id)).toEqual(['bo']);
    } finally {
      await quickAuth.close();
    }
  });

  it('takes one when the last editor leaves and the document closes', async () => {
    await sdkFor(server).post({ path: '/documents', body: { id: 'closing' } as unknown as string });
    const a = await editor('closing', 'ana');
    appendParagraph(a.bound, 'Written, then closed.');
    await a.client.saved();
    expect(await listed(server, 'closing')).toEqual([]);
    a.client.destroy();
    const version = await waitFor(async () => (await listed(server, 'closing'))[0], { what: 'the version taken as the document closed' });
    expect(version.kind).toBe('auto');
    expect(version.authors.map((p) => p.id)).toEqual(['ana']);
  });
});
