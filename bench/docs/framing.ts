/**
 * What the Pusher protocol's framing costs per update, against a binary frame such as the one
 * y-websocket and Hocuspocus send: the limit under the document path's latency that no server work
 * removes. Measured in this process, no sockets: the sender's encoding (once per broadcast) and
 * one receiver's decoding, for updates of a keystroke, a pasted paragraph and a large paste.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { fromBase64, fromBase64InJs, toBase64 } from '../../shared/doc/base64.js';
import { encodeServerFrame } from '../../shared/pusher/frames.js';
import { bytes, table, us } from '../lib/stats.js';

const CHANNEL = 'presence-doc.framing';

function updateOf(text: string): Uint8Array {
  const doc = new Y.Doc();
  doc.getText('t').insert(0, 'x');
  const before = Y.encodeStateVector(doc);
  doc.getText('t').insert(1, text);
  return Y.encodeStateAsUpdate(doc, before);
}

/** Mean µs of `work` over `runs` calls, after a warm-up. */
function timeIt(runs: number, work: () => unknown): number {
  for (let i = 0; i < Math.min(runs, 1000); i += 1) work();
  const started = performance.now();
  for (let i = 0; i < runs; i += 1) work();
  return ((performance.now() - started) * 1000) / runs;
}

const pusherEncode = (update: Uint8Array): Buffer =>
  Buffer.from(encodeServerFrame('client-yjs-update', { update: toBase64(update) }, CHANNEL, 'user-1'));

function pusherDecode(frame: string, base64: (text: string) => Uint8Array | undefined): Uint8Array | undefined {
  const outer = JSON.parse(frame) as { data: string };
  return base64((JSON.parse(outer.data) as { update: string }).update);
}

function binaryEncode(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 0); // sync message
  encoding.writeVarUint(encoder, 2); // update
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

function binaryDecode(frame: Uint8Array): Uint8Array {
  const decoder = decoding.createDecoder(frame);
  decoding.readVarUint(decoder);
  decoding.readVarUint(decoder);
  return decoding.readVarUint8Array(decoder);
}

export function framingSection(log: (line: string) => void): string {
  log('docs: framing cost, Pusher JSON + base64 against a binary frame');
  const cases: [string, Uint8Array, number][] = [
    ['a keystroke', updateOf('a'), 200_000],
    ['a pasted paragraph (2 KB of text)', updateOf('lorem ipsum dolor sit amet '.repeat(76)), 50_000],
    ['a large paste (1 MB of text)', updateOf('lorem ipsum dolor sit amet '.repeat(38_837)), 50],
  ];
  const rows = cases.map(([label, update, runs]) => {
    const frame = pusherEncode(update);
    const text = frame.toString();
    const binary = binaryEncode(update);
    return [
      `${label}: update ${bytes(update.length)}`,
      `${bytes(frame.length)} / ${bytes(binary.length)}`,
      `${us(timeIt(runs, () => pusherEncode(update)))} / ${us(timeIt(runs, () => binaryEncode(update)))}`,
      `${us(timeIt(runs, () => pusherDecode(text, fromBase64)))} / ${us(timeIt(runs, () => binaryDecode(binary)))}`,
      us(timeIt(runs, () => pusherDecode(text, fromBase64InJs))),
      us(timeIt(runs, () => Y.applyUpdate(new Y.Doc({ guid: 'framing' }), update))),
    ];
  });
  return [
    '### The limit: what JSON + base64 framing costs per update against a binary frame',
    '',
    'Measured in the benchmark process, no sockets. Encoding happens once per broadcast (the same bytes',
    'go to every reader); decoding happens in every reader, so in a benchmark whose readers share one',
    'process it adds up reader after reader, as it would not across browsers. The Pusher frame is the',
    '`client-yjs-update` event a reader receives (the JSON event around a JSON string around base64);',
    'the binary frame is y-protocols\' sync message, as y-websocket and Hocuspocus send it. Browsers',
    'decode base64 in JavaScript (no Buffer): the "browser" column. Applying the update to a fresh',
    'Y.Doc (the document\'s creation included) is given for scale: for small updates the framing is not the cost.',
    '',
    table(['update', 'frame bytes: Pusher / binary', 'encode: Pusher / binary', 'decode: Pusher / binary', 'decode, browser base64', 'Y.applyUpdate'], rows),
  ].join('\n');
}
