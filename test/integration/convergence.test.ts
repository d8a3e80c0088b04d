/**
 * Convergence under fuzz: three clients make random concurrent inserts
 * (emoji next to emoji among them), deletes and formatting while randomly
 * dropping and regaining their connection. Every client, the server and the
 * stored document must end up with equal text, formatting included.
 * CHORUS_FUZZ_SEEDS=n runs n seeds; CHORUS_FUZZ_EMOJI=0 leaves emoji out.
 */
import * as Y from 'yjs';
import { afterAll, describe, expect, it } from 'vitest';
import { makeConfig } from '../helpers/config.js';
import { databaseUrlFor, STORE_KINDS, stopSharedPostgres } from '../helpers/stores.js';
import type { AuthServer } from '../helpers/auth-server.js';
import { useServerAndAuth } from '../helpers/fixtures.js';
import { openDoc, rootText, type DocClient } from '../helpers/doc-client.js';
import type { TestServer } from '../helpers/server.js';
import { waitFor } from '../helpers/wait.js';

let server: TestServer;
let auth: AuthServer;

afterAll(stopSharedPostgres);

/** mulberry32: a small seeded generator, so a failure can be replayed from its seed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PLAIN_WORDS = ['alpha ', 'beta ', 'γάμμα ', 'delta\n', 'e'];
/** Emoji next to emoji: plain (sharing their first UTF-16 unit), ZWJ sequences, flags, skin tones. */
const EMOJI_WORDS = ['😀', '😎', '🐈', '👩‍👩‍👧', '🇫🇷', '🇩🇪', '👍🏽', '✍🏿 '];
const WITH_EMOJI = process.env.CHORUS_FUZZ_EMOJI !== '0';
const WORDS = WITH_EMOJI ? [...PLAIN_WORDS, ...EMOJI_WORDS] : PLAIN_WORDS;
const SEEDS = Array.from({ length: Number(process.env.CHORUS_FUZZ_SEEDS ?? 5) }, (_, i) => i + 1);

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** The document's text without formatting, as the editor shows it. */
function plain(doc: Y.Doc): string {
  return rootText(doc).toDelta().map((op: { insert: unknown }) => (typeof op.insert === 'string' ? op.insert : '\u{fffc}')).join('');
}

/**
 * Character boundaries of the text, where an editor puts its caret and its
 * selection edges. The editor's binding keeps every edit on them (see
 * shared/editor/whole-characters.ts); the fuzz edits Yjs directly, so it
 * picks them itself.
 */
function boundaries(text: string): number[] {
  return [...[...segmenter.segment(text)].map((s) => s.index), text.length];
}

function randomEdit(client: DocClient, rnd: () => number): void {
  const text = rootText(client.doc);
  const edges = boundaries(plain(client.doc));
  const pick = (): number => edges[Math.floor(rnd() * edges.length)]!;
  const range = (maxClusters: number): [number, number] => {
    const first = Math.floor(rnd() * (edges.length - 1));
    const last = Math.min(edges.length - 1, first + 1 + Math.floor(rnd() * maxClusters));
    return [edges[first]!, edges[last]! - edges[first]!];
  };
  const roll = rnd();
  if (roll < 0.55 || edges.length < 5) {
    text.insert(pick(), WORDS[Math.floor(rnd() * WORDS.length)]!);
  } else if (roll < 0.85) {
    text.delete(...range(6));
  } else {
    const attribute = ['bold', 'italic', 'underline'][Math.floor(rnd() * 3)]!;
    text.format(...range(8), { [attribute]: rnd() < 0.7 ? true : null });
  }
}

async function storedDoc(docId: string): Promise<Y.Doc> {
  const doc = new Y.Doc();
  for (const update of (await server.node.store.load({ appId: server.app.id, docId })) ?? []) Y.applyUpdate(doc, update);
  return doc;
}

describe.each(STORE_KINDS)('convergence under fuzz (%s store)', (kind) => {
  useServerAndAuth((s, a) => {
    server = s;
    auth = a;
  }, async () => ({ documents: { ...makeConfig().documents, databaseUrl: await databaseUrlFor(kind) } }));

  it.each(SEEDS)('three clients with random edits and disconnects converge (seed %i)', async (seed) => {
    const rnd = random(seed * 7919);
    const clients = await Promise.all(['a', 'b', 'c'].map((id) => openDoc(server, auth, `fuzz${seed}`, { id })));
    // How each offline client went offline: leaving the channel, or losing its whole connection.
    const offline = new Map<DocClient, 'channel' | 'socket'>();
    const goOffline = (client: DocClient, how: 'channel' | 'socket'): void => {
      offline.set(client, how);
      if (how === 'channel') client.provider.disconnect();
      else client.pusher.disconnect();
    };
    const goOnline = (client: DocClient): void => {
      if (offline.get(client) === 'channel') client.provider.connect();
      else client.pusher.connect();
      offline.delete(client);
    };
    for (let step = 0; step < 600; step += 1) {
      const client = clients[Math.floor(rnd() * clients.length)]!;
      const roll = rnd();
      if (roll < 0.04 && !offline.has(client)) goOffline(client, rnd() < 0.5 ? 'channel' : 'socket');
      else if (roll < 0.1 && offline.has(client)) goOnline(client);
      else randomEdit(client, rnd);
      if (step % 25 === 0) await new Promise((resolve) => setImmediate(resolve)); // let the network interleave with the edits
    }
    for (const client of [...offline.keys()]) goOnline(client);
    // Equal means equal text, formatting included (toDelta), and the same Yjs state, on every replica.
    const sameState = (a: Y.Doc, b: Y.Doc) => Y.equalSnapshots(Y.snapshot(a), Y.snapshot(b));
    const room = () => server.node.docs.find({ appId: server.app.id, docId: `fuzz${seed}` });
    await waitFor(() => clients.every((c) => c.provider.synced && sameState(c.doc, clients[0]!.doc)), { what: 'clients to converge', timeout: 20_000 }).catch((error) => {
      const serverDoc = room()?.doc;
      const states = clients.map((c) => `${c.provider.status}/${c.pusher.connection.state}/synced=${c.provider.synced}/sameState=${serverDoc ? sameState(c.doc, serverDoc) : '?'}`);
      const warnings = server.logs.filter((r) => r.level === 'warn' || r.level === 'error').map((r) => `${r.msg}:${String(r.error ?? r.err ?? '')}`);
      throw new Error(`${(error as Error).message} (seed ${seed}; provider/pusher/state: ${states.join(', ')}; server warnings: ${[...new Set(warnings)].slice(0, 5).join(' | ')})`);
    });
    await Promise.all(clients.map((c) => c.saved()));
    const stored = await storedDoc(`fuzz${seed}`);
    const replicas = [...clients.map((c) => c.doc), stored, ...(room() ? [room()!.doc] : [])];
    for (const replica of replicas) {
      expect(plain(replica)).toBe(plain(clients[0]!.doc));
      expect(rootText(replica).toString()).toBe(rootText(clients[0]!.doc).toString());
      expect(rootText(replica).toDelta()).toEqual(rootText(clients[0]!.doc).toDelta());
      expect(sameState(replica, clients[0]!.doc)).toBe(true);
      expect(plain(replica)).not.toContain('\ufffd');
    }
    expect(plain(clients[0]!.doc).length).toBeGreaterThan(0);
  });
});
