import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ItemResult } from '@vigie/contracts';
import { Counter, Gauge, Histogram, type Registry } from '@vigie/metrics';
import type { Redis } from 'ioredis';
import { ping, poolStats, type Db } from '@vigie/store';

export type ApiMetrics = ReturnType<typeof createApiMetrics>;

/** The API's own metrics; the registry also holds the process metrics. Labels are routes and codes only. */
export function createApiMetrics(registry: Registry, db: Db, redis: Redis) {
  const requests = new Histogram({
    name: 'vigie_http_request_duration_seconds',
    help: 'HTTP requests by route template, method and status code',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const ingested = new Counter({
    name: 'vigie_ingest_events_total',
    help: 'Pushed events accepted, and rejected per code',
    labelNames: ['outcome', 'code'] as const,
    registers: [registry],
  });
  const liveDropped = new Counter({
    name: 'vigie_live_clients_dropped_total',
    help: 'Live clients dropped for reading too slowly',
    registers: [registry],
  });
  let liveStats = () => ({ clients: 0, dropped: 0 });
  let droppedSeen = 0;
  new Gauge({
    name: 'vigie_live_clients',
    help: 'Websocket clients of /v1/stream connected to this process',
    registers: [registry],
    collect() {
      const stats = liveStats();
      this.set(stats.clients);
      liveDropped.inc(stats.dropped - droppedSeen);
      droppedSeen = stats.dropped;
    },
  });
  new Gauge({
    name: 'vigie_pg_pool_connections',
    help: "Connections of this process's PostgreSQL pool by state",
    labelNames: ['state'] as const,
    registers: [registry],
    collect() {
      const s = poolStats(db);
      this.set({ state: 'open' }, s.total);
      this.set({ state: 'idle' }, s.idle);
      this.set({ state: 'waiting' }, s.waiting);
    },
  });

  // What readiness rests on, as Prometheus sees it between two probes of the orchestrator.
  new Gauge({
    name: 'vigie_dependency_up',
    help: 'Whether PostgreSQL and Redis answered this scrape within a second (1) or not (0)',
    labelNames: ['dependency'] as const,
    registers: [registry],
    async collect() {
      const [postgres, cache] = await Promise.all([within(ping(db)), within(redis.ping().then(() => true))]);
      this.set({ dependency: 'postgres' }, postgres ? 1 : 0);
      this.set({ dependency: 'redis' }, cache ? 1 : 0);
    },
  });

  return {
    /** onResponse hook: an unmatched URL counts as one route, so a scan cannot grow the labels. */
    async observeRequest(request: FastifyRequest, reply: FastifyReply) {
      const route = request.routeOptions.url ?? 'unmatched';
      requests.observe({ method: request.method, route, status: String(reply.statusCode) }, reply.elapsedTime / 1000);
    },
    ingestAnswered(accepted: number, rejected: ItemResult[]) {
      if (accepted > 0) ingested.inc({ outcome: 'accepted', code: '' }, accepted);
      for (const item of rejected) ingested.inc({ outcome: 'rejected', code: item.code });
    },
    observeLive(stats: () => { clients: number; dropped: number }) {
      liveStats = stats;
    },
  };
}

const within = (probe: Promise<boolean>) =>
  Promise.race([probe.catch(() => false), new Promise<boolean>((resolve) => setTimeout(resolve, 1_000, false).unref())]);
