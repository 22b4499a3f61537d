import type { Job } from 'bullmq';
import type { Config, Logger } from '@vigie/config';
import { MaintenanceJob } from '@vigie/contracts';
import { enqueue, type Queues } from '@vigie/queue';
import { ingestBatches, prepareDatabase, tenants, type Db } from '@vigie/store';
import { sendDigest } from '../alerts/send-digest.ts';

const LIVE_STATES = new Set(['waiting', 'active', 'delayed', 'prioritized', 'waiting-children']);

/**
 * Re-queues accepted batches whose job is gone (Redis lost it, or the process died between commit and
 * enqueue) or ended without storing them. A job still waiting or running is left alone.
 */
export async function sweepBatches(db: Db, queues: Queues, olderThan: Date): Promise<{ checked: number; requeued: number }> {
  const stale = await ingestBatches.listStale(db, olderThan, 1_000);
  let requeued = 0;
  for (const batch of stale) {
    const jobId = enqueue.ingestBatchJobId(batch.id, batch.replays);
    const job = await queues.ingestBatch.getJob(jobId);
    if (job && LIVE_STATES.has(await job.getState())) continue;
    if (job) await job.remove();
    await enqueue.ingestBatch(queues, { tenantId: batch.tenant_id, batchId: batch.id }, batch.replays);
    requeued++;
  }
  return { checked: stale.length, requeued };
}

export function maintenance(db: Db, queues: Queues, config: Readonly<Config>, log: Logger) {
  return async (job: Job) => {
    const { task } = MaintenanceJob.parse(job.data);
    const now = Date.now();
    if (task === 'sweep-batches') {
      const result = await sweepBatches(db, queues, new Date(now - config.worker.sweepAfterSeconds * 1000));
      if (result.requeued > 0) log.warn(result, 'sweeper re-queued accepted batches');
      return result;
    }
    if (task === 'evaluate-all-alerts') {
      const all = await tenants.list(db);
      for (const t of all) await enqueue.evaluateAlerts(queues, { tenantId: t.id, trigger: 'schedule' }, now);
      return { tenants: all.length };
    }
    if (task === 'send-digests') {
      let endpoints = 0;
      for (const t of await tenants.list(db)) endpoints += await sendDigest(db, queues, config, t.id, new Date(now));
      log.info({ endpoints }, 'daily digests queued');
      return { endpoints };
    }
    const prepared = await prepareDatabase(db, config.db.url, config.retention.observationDays);
    const purged = await ingestBatches.purgeStored(db, new Date(now - config.retention.storedBatchDays * 86_400_000));
    log.info({ ...prepared.partitions, purgedBatches: purged }, 'partitions and outbox maintained');
    return { ...prepared.partitions, purged };
  };
}
