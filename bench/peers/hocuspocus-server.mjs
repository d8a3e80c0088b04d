// Hocuspocus with its defaults (no extensions), for side-by-side benchmarks.
import { Server } from '@hocuspocus/server';

const server = new Server({ port: Number(process.env.PORT), address: '127.0.0.1', quiet: true, stopOnSignals: true });
await server.listen();
process.stdout.write(`listening ${process.env.PORT}\n`);
