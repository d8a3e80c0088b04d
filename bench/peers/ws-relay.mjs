// The floor: a bare ws server that relays each message to the other sockets on the same path, and
// does nothing else (no protocol, no document, no storage). With "durable", it also loads what a
// durable Yjs server cannot do without: yjs, and an open SQLite database.
import { mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocketServer } from 'ws';

if (process.argv[2] === 'durable') {
  const require = createRequire(import.meta.url);
  require('yjs');
  const Database = require('better-sqlite3');
  const db = new Database(join(mkdtempSync(join(tmpdir(), 'ws-relay-')), 'relay.db'));
  db.pragma('journal_mode = WAL');
  db.exec('CREATE TABLE IF NOT EXISTS updates (seq INTEGER PRIMARY KEY, data BLOB NOT NULL)');
}

const rooms = new Map();
const server = new WebSocketServer({ host: process.env.HOST, port: Number(process.env.PORT), perMessageDeflate: false });
server.on('connection', (socket, request) => {
  const path = request.url ?? '/';
  const room = rooms.get(path) ?? new Set();
  rooms.set(path, room);
  room.add(socket);
  socket.on('message', (data, isBinary) => {
    for (const other of room) if (other !== socket) other.send(data, { binary: isBinary });
  });
  socket.on('close', () => room.delete(socket));
});
server.on('listening', () => process.stdout.write(`listening ${process.env.PORT}\n`));
