import { Queue, type Job, type Worker } from 'bullmq';
import { Gauge, Histogram, type Registry } from '@vigie/metrics';
import type { Queues } from '@vigie/queue';
import { pipelineHealth, poolStats, type Db } from '@vigie/store';

export type WorkerMetrics = ReturnType<typeof createWorkerMetrics>;

const JOB_STATES = ['waiting', 'active', 'delayed', 'failed', 'prioritized', 'waiting-children'] as const;
/** A source is counted as failing after this many failed syncs in a row (docs/operations.md). */
export const FAILING_SOURCE_RUNS = 3;

/**
 * The pipeline as operators watch it: jobs per queue, the outbox, the rollup lag, syncs and
 * deliveries. Gauges read PostgreSQL and Redis when Prometheus scrapes (every 15-30 s), not per job.
 */
export function createWorkerMetrics(registry: Registry, db: Db, queues: Queues) {
  const jobSeconds = new Histogram({
    name: 'vigie_job_duration_seconds',
    help: 'Time a job ran, per queue and outcome',
    labelNames: ['queue', 'outcome'] as const,
    buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300],
    registers: [registry],
  });
  const jobWait = new Histogram({
    name: 'vigie_job_wait_seconds',
    help: 'Time a job waited in its queue past its delay before a worker took it',
    labelNames: ['queue'] as const,
    buckets: [0.01, 0.1, 0.5, 1, 5, 15, 60, 300, 1800],
    registers: [registry],
  });
  // Registered first, so read first: prom-client starts every collect in one tick, and the queries of
  // the gauges below would otherwise be counted as requests waiting for a connection (pg-pool hands
  // an idle one over on the next tick), a saturated pool at every scrape.
  gauge(registry, 'vigie_pg_pool_connections', "Connections of this process's PostgreSQL pool by state", ['state'], async (set) => {
    const s = poolStats(db);
    set({ state: 'open' }, s.total);
    set({ state: 'idle' }, s.idle);
    set({ state: 'waiting' }, s.waiting);
  });
  // Several gauges read the same snapshot: each query runs once per scrape, not once per gauge.
  const outbox = perScrape(() => pipelineHealth.outbox(db));
  const rollupBacklog = perScrape(() => pipelineHealth.rollupBacklog(db));
  const syncRuns = perScrape(() => pipelineHealth.recentSyncRuns(db));
  const notifications = perScrape(() => pipelineHealth.notifications(db));
  const recomputes = perScrape(() => pipelineHealth.recomputes(db));
  const allQueues = Object.values(queues).filter((q): q is Queue => q instanceof Queue);
  gauge(registry, 'vigie_queue_jobs', 'Jobs per queue and state', ['queue', 'state'], async (set) => {
    for (const queue of allQueues) {
      const counts = await queue.getJobCounts(...JOB_STATES);
      for (const state of JOB_STATES) set({ queue: queue.name, state }, counts[state] ?? 0);
    }
  });
  gauge(
    registry,
    'vigie_queue_oldest_waiting_seconds',
    'Age of the oldest job waiting for a worker per queue, past its delay (0 when none waits)',
    ['queue'],
    async (set) => {
      // The oldest end of the wait list (the paused list while a queue is paused): a stalled queue
      // shows here before any job finishes.
      for (const queue of allQueues) {
        const ages = (await queue.getJobs(['wait', 'paused'], 0, 0, true)).map(
          (j) => Math.max(0, Date.now() - j.timestamp - (j.delay ?? 0)) / 1000,
        );
        set({ queue: queue.name }, Math.max(0, ...ages));
      }
    },
  );
  gauge(
    registry,
    'vigie_outbox_batches',
    'Accepted batches not stored yet, and failed batches kept for replay',
    ['status'],
    async (set) => {
      const o = await outbox();
      set({ status: 'accepted' }, o.accepted);
      set({ status: 'failed' }, o.failed);
    },
  );
  gauge(
    registry,
    'vigie_outbox_oldest_age_seconds',
    'Age of the oldest accepted batch not stored yet (0 when none waits)',
    [],
    async (set) => {
      set({}, (await outbox()).oldest_s ?? 0);
    },
  );
  gauge(registry, 'vigie_rollup_days_waiting', 'Establishment-days marked for a rollup', [], async (set) => {
    set({}, (await rollupBacklog()).days);
  });
  gauge(registry, 'vigie_rollup_lag_seconds', 'How long the oldest data not rolled up yet has waited (0 when none)', [], async (set) => {
    set({}, (await rollupBacklog()).oldest_s ?? 0);
  });
  gauge(
    registry,
    'vigie_recompute_runs',
    'Recompute runs not finished (after a change of settings or calendar, or `vigie recompute`)',
    [],
    async (set) => {
      set({}, (await recomputes()).runs);
    },
  );
  gauge(registry, 'vigie_recompute_days', 'Days the running recomputes asked for, and those still to roll up', ['state'], async (set) => {
    const r = await recomputes();
    set({ state: 'asked' }, r.days_asked);
    set({ state: 'left' }, r.days_left);
  });
  gauge(
    registry,
    'vigie_sync_runs_24h',
    'Finished sync runs of the last 24 hours per MDM system and outcome',
    ['system', 'outcome'],
    async (set) => {
      for (const r of await syncRuns()) set({ system: r.system, outcome: r.status }, r.runs);
    },
  );
  gauge(registry, 'vigie_sync_seconds_24h', 'Time spent syncing in the last 24 hours per MDM system', ['system'], async (set) => {
    const bySystem = new Map<string, number>();
    for (const r of await syncRuns()) bySystem.set(r.system, (bySystem.get(r.system) ?? 0) + r.seconds);
    for (const [system, seconds] of bySystem) set({ system }, seconds);
  });
  gauge(
    registry,
    'vigie_sources_failing',
    `Enabled sources whose last ${FAILING_SOURCE_RUNS} syncs failed, per MDM system`,
    ['system'],
    async (set) => {
      for (const r of await pipelineHealth.failingSources(db, FAILING_SOURCE_RUNS)) set({ system: r.system }, r.sources);
    },
  );
  gauge(
    registry,
    'vigie_notification_deliveries_24h',
    'Webhook and e-mail deliveries of the last 24 hours per status',
    ['channel', 'status'],
    async (set) => {
      for (const r of (await notifications()).deliveries) set({ channel: r.channel, status: r.status }, r.deliveries);
    },
  );
  gauge(
    registry,
    'vigie_notification_endpoints_disabled',
    'Notification endpoints disabled after repeated failures',
    ['channel'],
    async (set) => {
      for (const r of (await notifications()).disabled) set({ channel: r.channel }, r.endpoints);
    },
  );

  const observe = (queue: string, outcome: string, job: Job | undefined) => {
    if (!job?.processedOn) return;
    jobSeconds.observe({ queue, outcome }, ((job.finishedOn ?? Date.now()) - job.processedOn) / 1000);
    jobWait.observe({ queue }, Math.max(0, job.processedOn - job.timestamp - (job.delay ?? 0)) / 1000);
  };
  return {
    /** Times every job a BullMQ worker finishes. */
    observeWorker(worker: Worker) {
      worker.on('completed', (job) => observe(worker.name, 'completed', job));
      worker.on('failed', (job) => observe(worker.name, 'failed', job));
    },
  };
}

/** A gauge reset and refilled at each scrape, so a label that disappears (a system with no run) leaves no stale value. */
function gauge(
  registry: Registry,
  name: string,
  help: string,
  labelNames: string[],
  fill: (set: (labels: Record<string, string>, value: number) => void) => Promise<void>,
) {
  new Gauge({
    name,
    help,
    labelNames,
    registers: [registry],
    async collect() {
      this.reset();
      await fill((labels, value) => this.set(labels, value));
    },
  });
}

/**
 * A read shared by the gauges of one scrape: prom-client starts every gauge's collect in the same
 * tick, so they all join the read in flight; the next scrape reads again, never an older answer.
 */
function perScrape<T>(read: () => Promise<T>): () => Promise<T> {
  let inFlight: Promise<T> | null = null;
  return () => {
    inFlight ??= read().finally(() => {
      inFlight = null;
    });
    return inFlight;
  };
}
