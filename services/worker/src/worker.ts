import { Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { withLogContext } from '@vigie/config';
import { QueueNames } from '@vigie/contracts';
import { createOutbound, parseAllowList, type Outbound } from '@vigie/outbound';
import { live } from '@vigie/queue';
import { recordFailure } from './jobs/ingest-batch.ts';
import { handlers, type JobDeps } from './jobs/index.ts';
import type { WorkerMetrics } from './metrics/worker-metrics.ts';
import { removeRetiredSchedules } from './retired-schedules.ts';
import { scheduleMaintenance, scheduleSources } from './schedule.ts';
import { watchSchedules } from './watch-schedules.ts';

/** Starts one BullMQ worker per queue and the maintenance schedule; close() lets running jobs finish. */
export async function startWorkers(base: Omit<JobDeps, 'live' | 'outbound'> & { outbound?: Outbound }, connection: Redis, metrics?: WorkerMetrics) {
  const { config, log } = base;
  const outbound = base.outbound ?? createOutbound({ allow: parseAllowList(config.outbound.allow) });
  const deps: JobDeps = { ...base, outbound, live: live.createLivePublisher(connection, config.redis.prefix, config.live.window) };
  const workers = Object.entries(handlers(deps)).map(([name, handler]) => {
    // Every line a job leads to carries its id, queue and tenant (payloads name their tenant).
    const withContext = (job: Job) => withLogContext({ queue: name, jobId: job.id, tenantId: (job.data as { tenantId?: string } | undefined)?.tenantId }, () => handler(job));
    const worker = new Worker(name, withContext, {
      connection,
      prefix: config.redis.prefix,
      // Syncs have their own limit (each holds a connection for its lock); maintenance, alert and
      // obsolescence evaluations (whole-tenant passes) run one at a time; everything else shares the
      // worker's concurrency.
      concurrency:
        name === QueueNames.pullConnector ? config.connectors.concurrency
        : name === QueueNames.maintenance || name === QueueNames.evaluateAlerts || name === QueueNames.evaluateObsolescence || name === QueueNames.recompute ? 1
        : name === QueueNames.deliverWebhook ? 4
        : name === QueueNames.ingestBatch ? config.worker.ingestJobsInFlight
        : config.worker.concurrency,
      lockDuration: config.worker.lockMs,
      stalledInterval: Math.max(1_000, Math.floor(config.worker.lockMs / 2)),
      autorun: true,
    });
    worker.on('error', (err) => log.error({ err, queue: name }, 'worker error'));
    metrics?.observeWorker(worker);
    if (name === QueueNames.ingestBatch) {
      worker.on('failed', (job, err) => {
        recordFailure(deps.db, log, job, err).catch((e: unknown) => log.error({ err: e }, 'could not record a failed batch'));
      });
    }
    return worker;
  });
  const retired = await removeRetiredSchedules(deps.queues, connection, config.redis.prefix);
  if (retired.schedulers > 0 || retired.moved > 0) log.info(retired, 'retired schedulers removed and their queued jobs moved');
  await scheduleMaintenance(deps.queues, config);
  const scheduledSources = await scheduleSources(deps.db, deps.queues);
  const schedules = watchSchedules(deps, connection);
  log.info({ queues: workers.map((w) => w.name), concurrency: config.worker.concurrency, scheduledSources }, 'worker started');
  return {
    async close() {
      await schedules.stop();
      await Promise.all(workers.map((w) => w.close()));
      if (!base.outbound) outbound.close();
    },
  };
}
