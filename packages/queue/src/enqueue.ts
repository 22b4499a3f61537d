import type { EvaluateFleetJob, IngestBatchJob, RollupDayJob } from '@vigie/contracts';
import type { Queues } from './queues.ts';

/** Job id of a batch's store job: the batch id, plus the replay number once replayed. */
export function ingestBatchJobId(batchId: string, replay: number): string {
  return replay === 0 ? batchId : `${batchId}-r${replay}`;
}

/** Queues the store job of an accepted batch; a second call with the same batch and replay is a no-op. */
export async function ingestBatch(queues: Queues, job: IngestBatchJob, replay = 0): Promise<void> {
  await queues.ingestBatch.add('ingest-batch', job, { jobId: ingestBatchJobId(job.batchId, replay) });
}

/**
 * Job id of an establishment-day's rollup within a time slot of `delayMs`: batches marking the same
 * day in one slot share one job, and a mark made while that job runs gets the next slot's job
 * (BullMQ ignores an add whose id exists, running jobs included). Ids must not contain ':'.
 */
export function rollupDayJobId(job: RollupDayJob, delayMs: number, now = Date.now()): string {
  const slot = Math.floor(now / Math.max(delayMs, 1_000));
  return `rollup-${job.tenantId}-${job.establishmentId}-${job.day}-${slot}`;
}

/** Queues the rollups of establishment-days marked dirty, each after `delayMs`. */
export async function rollupDays(queues: Queues, jobs: RollupDayJob[], delayMs: number): Promise<void> {
  if (jobs.length === 0) return;
  const now = Date.now();
  await queues.rollupDay.addBulk(jobs.map((job) => ({ name: 'rollup-day', data: job, opts: { jobId: rollupDayJobId(job, delayMs, now), delay: delayMs } })));
}

/** Queues a tenant's obsolescence evaluation; calls within one slot of `delayMs` share one job. */
export async function evaluateFleet(queues: Queues, job: EvaluateFleetJob, delayMs: number, now = Date.now()): Promise<void> {
  const slot = Math.floor(now / Math.max(delayMs, 1_000));
  await queues.evaluateFleet.add('evaluate-fleet', job, { jobId: `evaluate-fleet-${job.tenantId}-${slot}`, delay: delayMs });
}
