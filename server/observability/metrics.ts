/**
 * A node's metrics in Prometheus text, through prom-client. Counters are
 * bumped where things happen (frames, refusals, store calls, Redis); gauges
 * are read from the node's own state when scraped. Each node has its own
 * registry (a test process runs many nodes); process figures (event-loop
 * lag, memory, CPU) are collected once per process and served with each.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** What the node can tell about itself at scrape time. */
export interface MetricsSources {
  connections(): number;
  /** Subscriptions by channel type (public, private, presence, encrypted, document, …). */
  subscriptions(): ReadonlyMap<string, number>;
  documentsOpen(): number;
  /** Open documents with updates not yet stored: the flush backlog. */
  documentsUnsaved(): number;
  documentsStoreFailing(): number;
  /** 1 when the node reaches the other nodes (or runs alone), 0 when degraded. */
  clusterHealthy(): boolean;
}

const STORE_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const REDIS_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1];

let processRegistry: Registry | undefined;

export class Metrics {
  readonly registry = new Registry();
  readonly framesReceived = this.counter('chorus_frames_received_total', 'WebSocket frames received from clients');
  readonly bytesReceived = this.counter('chorus_bytes_received_total', 'Bytes of WebSocket frames received from clients');
  readonly framesSent = this.counter('chorus_frames_sent_total', 'WebSocket frames sent to clients');
  readonly bytesSent = this.counter('chorus_bytes_sent_total', 'Bytes of WebSocket frames sent to clients');
  readonly refusals = new Counter({ name: 'chorus_refusals_total', help: 'Client input refused, by Pusher error code name', labelNames: ['reason'] as const, registers: [this.registry] });
  readonly redisPublishes = this.counter('chorus_redis_publishes_total', 'Messages published to Redis');
  readonly redisRoundTrip = new Histogram({ name: 'chorus_redis_round_trip_seconds', help: 'Redis PING round trips', buckets: REDIS_BUCKETS, registers: [this.registry] });
  readonly storeSeconds = new Histogram({ name: 'chorus_store_seconds', help: 'Document store calls, by operation', labelNames: ['operation'] as const, buckets: STORE_BUCKETS, registers: [this.registry] });
  readonly webhookRequests = new Counter({ name: 'chorus_webhook_requests_total', help: 'Webhook requests, by result (sent, failed: each failed attempt)', labelNames: ['result'] as const, registers: [this.registry] });
  readonly webhookEventsLost = new Counter({ name: 'chorus_webhook_events_lost_total', help: 'Webhook events never delivered, by reason (queue full, gave up)', labelNames: ['reason'] as const, registers: [this.registry] });
  readonly storeFailures = new Counter({ name: 'chorus_store_failures_total', help: 'Document store calls that failed, by operation', labelNames: ['operation'] as const, registers: [this.registry] });

  constructor(sources: MetricsSources) {
    const gauge = (name: string, help: string, read: () => number): void => {
      new Gauge({ name, help, registers: [this.registry], collect() { this.set(read()); } });
    };
    gauge('chorus_connections', 'Open WebSocket connections', () => sources.connections());
    gauge('chorus_documents_open', 'Documents open on this node', () => sources.documentsOpen());
    gauge('chorus_documents_unsaved', 'Open documents with updates not yet stored (flush backlog)', () => sources.documentsUnsaved());
    gauge('chorus_documents_store_failing', 'Open documents whose store calls are failing', () => sources.documentsStoreFailing());
    gauge('chorus_cluster_healthy', '1 when the node reaches the other nodes (or runs alone)', () => (sources.clusterHealthy() ? 1 : 0));
    new Gauge({
      name: 'chorus_subscriptions', help: 'Channel subscriptions, by channel type', labelNames: ['type'] as const, registers: [this.registry],
      collect() {
        this.reset();
        for (const [type, count] of sources.subscriptions()) this.set({ type }, count);
      },
    });
  }

  /** The Prometheus text exposition of this node's and this process's metrics. */
  async render(): Promise<{ contentType: string; body: string }> {
    const merged = Registry.merge([this.registry, processMetrics()]);
    return { contentType: merged.contentType, body: await merged.metrics() };
  }

  /** Times a store call, counting it as failed when it throws. */
  async timeStore<T>(operation: string, call: () => Promise<T>): Promise<T> {
    const stop = this.storeSeconds.startTimer({ operation });
    try {
      return await call();
    } catch (error) {
      this.storeFailures.inc({ operation });
      throw error;
    } finally {
      stop();
    }
  }

  private counter(name: string, help: string): Counter {
    return new Counter({ name, help, registers: [this.registry] });
  }
}

/** Event-loop lag, memory, CPU and handles: one set for the process, however many nodes it runs. */
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry, prefix: 'chorus_process_' });
  }
  return processRegistry;
}
