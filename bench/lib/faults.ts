/**
 * Load and fault workloads, at any scale: `npm test` runs them small,
 * `npm run bench -- faults` at full size. Every loop is bounded in count and
 * time; results are measured, never asserted here.
 */
import Pusher from 'pusher';
import WebSocket from 'ws';
import { signChannel } from '../../server/auth/signatures.js';
import { closeAll, connectMany, now, subscribe, type LoadClient } from './clients.js';
import { BENCH_APP } from './node-process.js';
import { summarise } from './stats.js';
import { DocWriter } from './doc-writer.js';

export interface SteadyOptions {
  readonly connections: number;
  readonly channels: number;
  readonly eventsPerSecond: number;
  readonly seconds: number;
}

export interface SteadyResult extends SteadyOptions {
  readonly sent: number;
  readonly expected: number;
  readonly delivered: number;
  readonly refused: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

/** `connections` sockets spread over `channels` channels; HTTP API events to every channel in turn at a steady rate. */
export async function steadyTraffic(port: number, options: SteadyOptions): Promise<SteadyResult> {
  const clients = await connectMany(port, options.connections, 200);
  const perChannel = new Array<number>(options.channels).fill(0);
  await Promise.all(clients.map((client, i) => {
    perChannel[i % options.channels]! += 1;
    return subscribe(client, `load-${i % options.channels}`);
  }));
  const latencies: number[] = [];
  let refused = 0;
  for (const client of clients) {
    client.onFrame = (text) => {
      if (text.includes('pusher:error')) refused += 1;
      const sent = /\\"t\\":([\d.]+)/.exec(text)?.[1];
      if (sent) latencies.push(now() - Number(sent));
    };
  }
  const sdk = new Pusher({ appId: BENCH_APP.id, key: BENCH_APP.key, secret: BENCH_APP.secret, host: '127.0.0.1', port: String(port), useTLS: false });
  const total = Math.round(options.eventsPerSecond * options.seconds);
  let expected = 0;
  const started = now();
  for (let i = 0; i < total; i += 1) {
    const wait = started + (i * 1000) / options.eventsPerSecond - now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    const channel = i % options.channels;
    expected += perChannel[channel]!;
    await sdk.trigger(`load-${channel}`, 'tick', { t: now() });
  }
  await until(() => latencies.length >= expected, 30_000);
  await closeAll(clients);
  const { p50, p99 } = summarise(latencies);
  return { ...options, sent: total, expected, delivered: latencies.length, refused, p50Ms: p50, p99Ms: p99 };
}

export interface StormResult {
  readonly clients: number;
  /** From the first close to the last resubscription, in ms. */
  readonly resubscribedMs: number;
  readonly resubscribed: number;
  readonly errors: number;
  /** Members the cluster lists afterwards (equal to `clients`: no ghost, nobody missing). */
  readonly members: number;
}

/** Members per presence channel in a storm (Pusher's default limit; every join is announced to all of them). */
const STORM_CHANNEL_SIZE = 100;

/**
 * `clients` presence members (100 a channel) on one node, which `restart`
 * stops and starts again on the same port. Each reconnects as pusher-js
 * does: at once after a 4200–4299 close, every 100 ms while the node is not
 * listening.
 */
export async function reconnectStorm(port: number, clients: number, restart: () => Promise<void>): Promise<StormResult> {
  const channels = Math.ceil(clients / STORM_CHANNEL_SIZE);
  const members = Array.from({ length: clients }, (_, i) => new StormMember(port, `user-${i}`, `presence-storm-${i % channels}`));
  await until(() => members.every((m) => m.rejoins >= 0), 60_000);
  const started = now();
  await restart();
  await until(() => members.every((m) => m.rejoins > 0), 60_000);
  const resubscribedMs = Math.max(...members.map((m) => m.lastJoinAt)) - started;
  const sdk = new Pusher({ appId: BENCH_APP.id, key: BENCH_APP.key, secret: BENCH_APP.secret, host: '127.0.0.1', port: String(port), useTLS: false });
  let listed = 0;
  for (let channel = 0; channel < channels; channel += 1) {
    listed += ((await (await sdk.get({ path: `/channels/presence-storm-${channel}/users` })).json()) as { users: unknown[] }).users.length;
  }
  const result = {
    clients, resubscribedMs,
    resubscribed: members.filter((m) => m.rejoins > 0).length,
    errors: members.reduce((sum, m) => sum + m.errors, 0),
    members: listed,
  };
  members.forEach((m) => m.stop());
  return result;
}

/** A raw presence member that reconnects by itself. */
class StormMember {
  rejoins = -1;
  errors = 0;
  lastJoinAt = 0;
  private ws: WebSocket | undefined;
  private stopped = false;
  private attempts = 0;

  constructor(private readonly port: number, private readonly userId: string, private readonly channel: string) {
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    this.ws?.close();
  }

  private connect(): void {
    if (this.stopped || this.attempts++ > 600) return;
    const ws = new WebSocket(`ws://127.0.0.1:${this.port}/app/${BENCH_APP.key}?protocol=7&client=bench&version=1`, { perMessageDeflate: false });
    this.ws = ws;
    ws.on('message', (data) => this.receive(ws, data.toString()));
    ws.on('error', () => undefined);
    ws.on('close', (code) => {
      if (this.stopped) return;
      // pusher-js: 4200–4299 at once; a refused or dropped connection after a pause.
      setTimeout(() => this.connect(), code >= 4200 && code <= 4299 ? 0 : 100);
    });
  }

  private receive(ws: WebSocket, text: string): void {
    const frame = JSON.parse(text) as { event: string; data?: string };
    if (frame.event === 'pusher:connection_established') {
      const socketId = (JSON.parse(frame.data ?? '{}') as { socket_id: string }).socket_id;
      const channelData = JSON.stringify({ user_id: this.userId, user_info: {} });
      const auth = signChannel(BENCH_APP.key, BENCH_APP.secret, socketId, this.channel, channelData);
      ws.send(JSON.stringify({ event: 'pusher:subscribe', data: { channel: this.channel, auth, channel_data: channelData } }));
    } else if (frame.event === 'pusher_internal:subscription_succeeded') {
      this.rejoins += 1;
      this.lastJoinAt = now();
      this.attempts = 0;
    } else if (frame.event === 'pusher:error') {
      // 4200–4299 is the node's own "reconnect now" before it closes: expected in a restart, not an error.
      const code = (JSON.parse(frame.data ?? '{}') as { code?: number }).code ?? 0;
      if (code < 4200 || code > 4299) this.errors += 1;
    }
  }
}

/** Resolves when `done` holds or `limitMs` passed, checking every 20 ms. */
async function until(done: () => boolean, limitMs: number): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!done() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
}

export type { LoadClient };

export interface SoakSample {
  readonly seconds: number;
  readonly rssMiB: number;
  /** Event-loop lag the node reports (prom-client's mean over its sampling window). */
  readonly lagMs: number;
}

export interface SoakResult {
  readonly writers: number;
  readonly seconds: number;
  readonly edits: number;
  readonly samples: SoakSample[];
  /** Whether every edit a writer made is in the document the node serves afterwards. */
  readonly allStored: boolean;
}

/**
 * `writers` editors on `documents` documents, each appending a numbered edit
 * every `intervalMs` for `seconds`, while the node's memory and event-loop
 * lag are sampled from /metrics every `sampleEveryMs`.
 */
export async function soak(port: number, options: { writers: number; documents: number; seconds: number; intervalMs: number; sampleEveryMs: number }): Promise<SoakResult> {
  const writers = await Promise.all(Array.from({ length: options.writers }, (_, i) => DocWriter.open(port, `soak-${i % options.documents}`, `w${i}`)));
  const samples: SoakSample[] = [];
  const started = now();
  const sample = async (): Promise<void> => {
    const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    const value = (name: string): number => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? Number.NaN);
    samples.push({ seconds: (now() - started) / 1000, rssMiB: value('chorus_process_process_resident_memory_bytes') / 2 ** 20, lagMs: value('chorus_process_nodejs_eventloop_lag_seconds') * 1000 });
  };
  await sample();
  let edits = 0;
  let nextSample = started + options.sampleEveryMs;
  for (let round = 0; now() - started < options.seconds * 1000 && round < 1_000_000; round += 1) {
    for (const writer of writers) writer.edit();
    edits += writers.length;
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs));
    if (now() >= nextSample) {
      await sample();
      nextSample += options.sampleEveryMs;
    }
  }
  await sample();
  const allStored = await everyEditServed(port, writers);
  writers.forEach((w) => w.close());
  return { writers: options.writers, seconds: options.seconds, edits, samples, allStored };
}

/** Whether a newcomer to each document (what the node serves from memory and store) sees every edit made. */
async function everyEditServed(port: number, writers: DocWriter[]): Promise<boolean> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const texts = new Map<string, string>();
    for (const docId of new Set(writers.map((w) => w.docId))) {
      const reader = await DocWriter.open(port, docId, `reader-${docId}`);
      texts.set(docId, reader.text());
      reader.close();
    }
    if (writers.every((w) => w.madeAppearIn(texts.get(w.docId) ?? ''))) return true;
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
