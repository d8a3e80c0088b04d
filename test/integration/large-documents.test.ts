import { randomBytes } from 'node:crypto';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import type { AuthServer } from '../helpers/auth-server.js';
import { useServerAndAuth } from '../helpers/fixtures.js';
import { openDoc, rootText } from '../helpers/doc-client.js';
import { type TestServer } from '../helpers/server.js';
import { waitFor } from '../helpers/wait.js';
import { presenceAuth } from '../helpers/auth.js';
import { RawClient } from '../helpers/raw-client.js';
import { toBase64 } from '../../shared/doc/base64.js';

let server: TestServer;
let auth: AuthServer;
useServerAndAuth((s, a) => {
  server = s;
  auth = a;
});

/** Text that compresses badly in Yjs (not one repeated character), `bytes` long. */
function bigText(bytes: number): string {
  const words = ['lorem ', 'ipsum ', 'dolor ', 'sit ', 'amet ', 'consectetur ', 'adipiscing ', 'elit\n'];
  let out = '';
  let i = 0;
  while (out.length < bytes) out += words[i++ % words.length]! + (i % 97).toString(36);
  return out.slice(0, bytes);
}

/** Random letters and spaces: text that neither Yjs nor deflate compresses much. */
function randomText(length: number): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz ';
  const bytes = randomBytes(length);
  let out = '';
  for (let i = 0; i < length; i += 1) out += alphabet[bytes[i]! % alphabet.length];
  return out;
}

async function storedLength(docId: string): Promise<number> {
  const doc = new Y.Doc();
  for (const update of (await server.node.store.load({ appId: server.app.id, docId })) ?? []) Y.applyUpdate(doc, update);
  return rootText(doc).length;
}

describe('large documents', () => {
  it('syncs and stores a 5 MB paste in one update', async () => {
    const ana = await openDoc(server, auth, 'paste', { id: 'ana' });
    const bo = await openDoc(server, auth, 'paste', { id: 'bo' });
    const text = bigText(5 * 1024 * 1024);
    const before = rootText(ana.doc).length;
    ana.insert(0, text);
    await waitFor(() => rootText(bo.doc).length === before + text.length, { what: 'bo to receive the paste', timeout: 30_000 });
    await ana.saved();
    expect(await storedLength('paste')).toBe(before + text.length);
    expect(rootText(bo.doc).toString().slice(0, 1000)).toBe(text.slice(0, 1000));
  });

  it('syncs a 20 MB paste in parts to a live member, and a newcomer loads it with progress', async () => {
    const ana = await openDoc(server, auth, 'huge', { id: 'ana' });
    const bo = await openDoc(server, auth, 'huge', { id: 'bo', role: 'viewer' });
    // Random letters: deflate cannot shrink them below the 1 MiB part size, so the newcomer's answer still comes in parts.
    const text = randomText(20 * 1024 * 1024);
    ana.insert(0, text);
    await ana.saved();
    const expectedLength = rootText(ana.doc).length;
    expect(await storedLength('huge')).toBe(expectedLength);
    await waitFor(() => rootText(bo.doc).length === expectedLength, { what: 'the live member to pull 20 MB', timeout: 60_000 });
    const progress: { received: number; parts: number }[] = [];
    const late = await openDoc(server, auth, 'huge', { id: 'late', role: 'viewer' }, (provider) => {
      provider.on('progress', (event: { received: number; parts: number }) => progress.push(event));
    });
    expect(rootText(late.doc).length).toBe(expectedLength);
    expect(rootText(late.doc).toString().slice(-1000)).toBe(rootText(ana.doc).toString().slice(-1000));
    // Deflated (random letters keep about 60%): a dozen 1 MiB parts, each but the last reported as it arrives.
    expect(progress[0]!.parts).toBeGreaterThanOrEqual(10);
    expect(progress.map((event) => event.received)).toEqual(Array.from({ length: progress[0]!.parts - 1 }, (_, i) => i + 1));
  }, 120_000); // 20 MB through base64 three times over takes its time on two shared cores

  it('numbers the parts afresh each time it sends a newcomer the document it keeps', async () => {
    const ana = await openDoc(server, auth, 'kept-parts', { id: 'ana' });
    // Random letters: still over the 1 MiB part size once deflated.
    ana.insert(0, randomText(2 * 1024 * 1024));
    await ana.saved();
    const empty = toBase64(Y.encodeStateVector(new Y.Doc()));
    const channel = 'presence-doc.kept-parts';
    const partIds = async (user: string): Promise<string[]> => {
      const member = await RawClient.connect(server.wsUrl());
      member.subscribe(channel, presenceAuth(member.socketId, channel, { user_id: user, user_info: { role: 'viewer' } }));
      await member.next('pusher_internal:subscription_succeeded', channel);
      member.send({ event: 'client-yjs-sync-1', channel, data: { sv: empty, encoding: 'deflate-raw' } });
      await member.next('yjs-sync-1', channel); // follows the last part
      const ids = member.all('yjs-sync-2').map((frame) => (frame.parsed as { id: string }).id);
      member.close();
      return ids;
    };
    const first = await partIds('a');
    const second = await partIds('b');
    expect(first.length).toBeGreaterThan(1);
    expect(new Set(first).size).toBe(1);
    expect(second).toHaveLength(first.length);
    expect(second[0]).not.toBe(first[0]);
  });
});
