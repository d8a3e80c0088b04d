import { once } from 'node:events';
import { createServer, connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { corkForThisTurn, uncorkNow } from '../../../server/transport/cork.js';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((close) => close()));

/** A real loopback TCP pair: the server's end to write on, the client's to read from. */
async function socketPair(): Promise<{ writer: Socket; reader: Socket }> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const accepted = once(server, 'connection');
  const reader = connect((server.address() as { port: number }).port, '127.0.0.1');
  const [writer] = (await accepted) as [Socket];
  cleanups.push(() => { reader.destroy(); writer.destroy(); server.close(); });
  return { writer, reader };
}

const endOfTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('corkForThisTurn', () => {
  it('sends a turn\'s first write at once, holds the rest and sends them, in order, once the turn ends', async () => {
    const { writer, reader } = await socketPair();
    let received = '';
    reader.on('data', (chunk: Buffer) => { received += chunk.toString(); });
    for (const text of ['one ', 'two ', 'three']) {
      corkForThisTurn(writer);
      writer.write(text);
    }
    expect(writer.writableCorked).toBe(1); // corked once, however many frames
    expect(writer.writableLength).toBe('two three'.length); // the first went to the kernel
    await endOfTurn();
    expect(writer.writableCorked).toBe(0);
    while (received.length < 'one two three'.length) await once(reader, 'data');
    expect(received).toBe('one two three');
  });

  it('leaves a socket destroyed during the turn alone', async () => {
    const { writer } = await socketPair();
    corkForThisTurn(writer);
    writer.write('sent');
    corkForThisTurn(writer);
    writer.write('lost');
    writer.destroy();
    await endOfTurn();
    expect(writer.destroyed).toBe(true);
  });
});

describe('uncorkNow', () => {
  it('sends what a corked socket holds at once, and the turn\'s end leaves it alone', async () => {
    const { writer, reader } = await socketPair();
    corkForThisTurn(writer);
    writer.write('first ');
    corkForThisTurn(writer);
    writer.write('early');
    expect(writer.writableLength).toBe('early'.length);
    uncorkNow(writer);
    expect(writer.writableCorked).toBe(0);
    expect(writer.writableLength).toBe(0); // handed to the kernel
    let received = '';
    reader.on('data', (chunk: Buffer) => { received += chunk.toString(); });
    while (received.length < 'first early'.length) await once(reader, 'data');
    expect(received).toBe('first early');
    await endOfTurn();
    expect(writer.writableCorked).toBe(0);
  });
});
