import type { Redis } from 'ioredis';
import type { Config, Logger } from '@vigie/config';
import type { Outbound } from '@vigie/outbound';
import type { Queues } from '@vigie/queue';
import type { Db } from '@vigie/store';
import type { ApiMetrics } from './metrics/api-metrics.ts';

// In a file of its own so that routes can name their dependencies without importing app.ts, which
// imports every route.

/** What the API is built from: server.ts wires it, tests build it. */
export interface AppDeps {
  db: Db;
  redis: Redis;
  queues: Queues;
  config: Readonly<Config>;
  log: Logger;
  /** Prometheus metrics, served on their own listener by server.ts; absent in most tests. */
  metrics?: ApiMetrics;
  /** The HTTP client of calls to tenant-given URLs; built from config.outbound when absent. */
  outbound?: Outbound;
}

/** What routes get: the app's dependencies with the outbound client settled. */
export type RouteDeps = AppDeps & { outbound: Outbound };
