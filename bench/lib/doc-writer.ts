/** A raw document editor for load: a Y.Doc of its own, updates sent as client-yjs-update, no browser. */
import WebSocket from 'ws';
import * as Y from 'yjs';
import { signChannel } from '../../server/auth/signatures.js';
import { BENCH_APP } from './node-process.js';

export class DocWriter {
  private readonly doc = new Y.Doc();
  private made = 0;

  private constructor(private readonly ws: WebSocket, readonly docId: string, private readonly name: string) {
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === 'remote') return;
      ws.send(JSON.stringify({ event: 'client-yjs-update', channel: `presence-doc.${docId}`, data: { update: Buffer.from(update).toString('base64') } }));
    });
    ws.on('message', (data) => {
      const frame = JSON.parse(data.toString()) as { event: string; data?: string };
      if (frame.event !== 'yjs-sync-2' && frame.event !== 'client-yjs-update') return;
      const update = (JSON.parse(frame.data ?? '{}') as { update?: string }).update;
      if (update) Y.applyUpdate(this.doc, Buffer.from(update, 'base64'), 'remote');
    });
  }

  /** Connects as an editor of `docId` and waits for the document. */
  static open(port: number, docId: string, name: string): Promise<DocWriter> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(`ws://127.0.0.1:${port}/app/${BENCH_APP.key}?protocol=7&client=bench&version=1`, { perMessageDeflate: false });
      const channel = `presence-doc.${docId}`;
      ws.once('error', reject);
      ws.on('message', (data) => {
        const frame = JSON.parse(data.toString()) as { event: string; data?: string };
        if (frame.event === 'pusher:connection_established') {
          const socketId = (JSON.parse(frame.data ?? '{}') as { socket_id: string }).socket_id;
          const channelData = JSON.stringify({ user_id: name, user_info: { name, role: 'editor' } });
          const auth = signChannel(BENCH_APP.key, BENCH_APP.secret, socketId, channel, channelData);
          ws.send(JSON.stringify({ event: 'pusher:subscribe', data: { channel, auth, channel_data: channelData } }));
        } else if (frame.event === 'pusher_internal:subscription_succeeded') {
          ws.send(JSON.stringify({ event: 'client-yjs-sync-1', channel, data: { sv: Buffer.from(Y.encodeStateVector(new Y.Doc())).toString('base64') } }));
        } else if (frame.event === 'yjs-sync-2') {
          resolve(writer);
        }
      });
      const writer = new DocWriter(ws, docId, name);
    });
  }

  /** Appends this writer's next numbered edit to the document's shared text. */
  edit(): void {
    const root = this.doc.get('root', Y.XmlText) as Y.XmlText;
    this.made += 1;
    root.insert(root.length, `${this.name}:${this.made} `);
  }

  text(): string {
    return (this.doc.get('root', Y.XmlText) as Y.XmlText).toString();
  }

  /** Whether every edit made so far appears in `text`. */
  madeAppearIn(text: string): boolean {
    for (let i = 1; i <= this.made; i += 1) if (!text.includes(`${this.name}:${i} `)) return false;
    return true;
  }

  close(): void {
    this.ws.close();
  }
}
