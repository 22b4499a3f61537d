import { Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { withLogContext } from '@vigie/config';
import { createOutbound, parseAllowList, type Outbound } from '@vigie/outbound';
import { live, queuePolicies, type QueueName } from '@vigie/queue';
import { failureHandlers, handlers, type JobDeps } from './jobs/index.ts';
import type { WorkerMetrics } from './metrics/worker-metrics.ts';
import { removeRetiredSchedules } from './retired-schedules.ts';
import { scheduleMaintenance, scheduleSources } from './schedule.ts';
import { watchSchedules } from './watch-schedules.ts';

/** Starts one BullMQ worker per queue and the maintenance schedule; close() lets running jobs finish. */
export async function startWorkers(
  base: Omit<JobDeps, 'live' | 'outbound'> & { outbound?: Outbound },
  connection: Redis,
  metrics?: WorkerMetrics,
) {
  const { config, log } = base;
  const outbound = base.outbound ?? createOutbound({ allow: parseAllowList(config.outbound.allow) });
  const deps: JobDeps = { ...base, outbound, live: live.createLivePublisher(connection, config.redis.prefix, config.live.window) };
  const run = handlers(deps);
  const onFailed = failureHandlers(deps);
  const workers = (Object.keys(run) as QueueName[]).map((name) => {
    const handler = run[name];
    // Every line a job leads to carries its id, queue and tenant (payloads name their tenant).
    const withContext = (job: Job) =>
      withLogContext({ queue: name, jobId: job.id, tenantId: (job.data as { tenantId?: string } | undefined)?.tenantId }, () =>
        handler(job),
      );
    const worker = new Worker(name, withContext, {
      connection,
      prefix: config.redis.prefix,
      concurrency: queuePolicies[name].concurrency(config),
      lockDuration: config.worker.lockMs,
      stalledInterval: Math.max(1_000, Math.floor(config.worker.lockMs / 2)),
      autorun: true,
    });
    worker.on('error', (err) => log.error({ err, queue: name }, 'worker error'));
    // BullMQ retries a failed job in silence: without this line a job failing on every attempt (a
    // statement the database refuses) showed only as work that never ended.
    worker.on('failed', (job, err) => {
      const final = !job || err.name === 'UnrecoverableError' || job.attemptsMade >= (job.opts.attempts ?? 1);
      const tenantId = (job?.data as { tenantId?: string } | undefined)?.tenantId;
      const context = { err, queue: name, jobId: job?.id, job: job?.name, tenantId, attempt: job?.attemptsMade, final };
      if (final) log.error(context, 'job failed');
      else log.warn(context, 'job failed, will retry');
    });
    metrics?.observeWorker(worker);
    const failed = onFailed[name];
    if (failed)
      worker.on(
        'failed',
        (job, err) => void failed(job, err).catch((e: unknown) => log.error({ err: e, queue: name }, 'could not record a failed job')),
      );
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
