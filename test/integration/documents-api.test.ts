import { describe, expect, it } from 'vitest';
import type { AuthServer } from '../helpers/auth-server.js';
import { useServerAndAuth } from '../helpers/fixtures.js';
import { $getRoot, type ElementNode, type TextNode } from 'lexical';
import * as Y from 'yjs';
import { exportDocument } from '../../server/collab/lexical/convert.js';
import { bindHeadless } from '../../server/collab/lexical/headless.js';
import { openDoc, rootText } from '../helpers/doc-client.js';
import { sdkFor, signedFetch } from '../helpers/rest.js';
import { type TestServer } from '../helpers/server.js';
import { waitFor } from '../helpers/wait.js';

let server: TestServer;
let auth: AuthServer;
useServerAndAuth((s, a) => {
  server = s;
  auth = a;
});

/** The SDK JSON-encodes `body` itself, though its typings say string. */
function post(sdk: ReturnType<typeof sdkFor>, body: object): Promise<Response> {
  return sdk.post({ path: '/documents', body: body as unknown as string }) as unknown as Promise<Response>;
}

describe('Documents API through the pusher SDK', () => {
  it('creates a document from Markdown once, and renders it in every format', async () => {
    const sdk = sdkFor(server);
    const created = await post(sdk, { id: 'readme', content: '# Chorus\n\nHello **world**\n\n- one\n- two', format: 'markdown', title: 'Read me' });
    expect(created.status).toBe(201);
    expect(await created.json()).toEqual({ id: 'readme' });
    await expect(post(sdk, { id: 'readme', content: 'again' })).rejects.toMatchObject({ status: 409 });

    const get = async (format: string) => (await (await sdk.get({ path: '/documents/readme', params: { format } })).json()) as { id: string; format: string; content: unknown };
    expect(await get('text')).toEqual({ id: 'readme', format: 'text', content: 'Chorus\n\nHello world\n\none\n\ntwo' });
    expect((await get('markdown')).content).toBe('# Chorus\n\nHello **world**\n\n- one\n- two');
    expect((await get('html')).content).toContain('<h1');
    expect((await get('html')).content).toContain('<strong');
    const json = (await get('json')).content as { root: { children: { type: string }[] } };
    expect(json.root.children.map((c) => c.type)).toEqual(['heading', 'paragraph', 'list']);
  });

  it('shows seeded content to editors exactly once, and edits in the API right away', async () => {
    await post(sdkFor(server), { id: 'seeded', content: 'First line\nSecond line' });
    // Ana edits through a real (headless) Lexical editor bound to her document, as the browser editor is.
    const lexical = bindHeadless();
    await openDoc(server, auth, 'seeded', { id: 'ana' }, undefined, lexical.doc);
    const bo = await openDoc(server, auth, 'seeded', { id: 'bo' });
    const read = async () => ((await (await sdkFor(server).get({ path: '/documents/seeded' })).json()) as { content: string }).content;
    expect(await read()).toBe('First line\n\nSecond line');
    // Each paragraph is an XmlText embedded in the root, as @lexical/yjs lays it out.
    const paragraphs = () => rootText(bo.doc).toDelta().map((op: { insert: Y.XmlText }) => op.insert);
    expect(paragraphs()).toHaveLength(2);
    lexical.editor.update(() => {
      const first = $getRoot().getFirstChild() as ElementNode;
      first.getFirstChild<TextNode>()!.setTextContent('>> First line');
    }, { discrete: true });
    await waitFor(async () => (await read()) === '>> First line\n\nSecond line', { what: 'the API to show the unsaved edit' });
    await waitFor(() => exportDocument(Y.encodeStateAsUpdate(bo.doc), 'text') === '>> First line\n\nSecond line', { what: 'bo to see the edit' });
    expect(paragraphs()).toHaveLength(2);
  });

  it('lists documents with id, updated_at and size', async () => {
    const sdk = sdkFor(server);
    await post(sdk, { id: 'a', content: 'x' });
    const generated = (await (await post(sdk, {})).json()) as { id: string };
    expect(generated.id).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
    const list = (await (await sdk.get({ path: '/documents' })).json()) as { documents: { id: string; updated_at: string; size: number }[] };
    expect(list.documents.map((d) => d.id).sort()).toEqual(['a', generated.id].sort());
    for (const doc of list.documents) {
      expect(Date.parse(doc.updated_at)).not.toBeNaN();
      expect(doc.size).toBeGreaterThan(0);
    }
  });

  it('answers 404 for an unknown document and 400 for bad input', async () => {
    expect((await signedFetch(server, 'GET', '/documents/nothing')).status).toBe(404);
    expect((await signedFetch(server, 'GET', '/documents/a', { params: { format: 'pdf' } })).status).toBe(400);
    expect((await signedFetch(server, 'POST', '/documents', { body: JSON.stringify({ id: 'bad id!' }) })).status).toBe(400);
    expect((await signedFetch(server, 'POST', '/documents', { body: JSON.stringify({ id: 'ok', format: 'docx' }) })).status).toBe(400);
    expect((await signedFetch(server, 'POST', '/documents', { body: JSON.stringify({ id: 'ok', content: 5 }) })).status).toBe(400);
  });

  it('requires a valid signature', async () => {
    expect((await fetch(`${server.httpUrl}/apps/${server.app.id}/documents`)).status).toBe(401);
  });
});
