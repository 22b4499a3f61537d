import { UnrecoverableError, type Job } from 'bullmq';
import type { Config, Logger } from '@vigie/config';
import { IngestBatchJob } from '@vigie/contracts';
import { enqueue, type LivePublisher, type Queues } from '@vigie/queue';
import { ingestBatches, type Db } from '@vigie/store';
import { parseEvents } from '../ingest/parse-events.ts';
import { storeBatch } from '../ingest/store-batch.ts';
import { publishBatchStored } from '../live/publish-batch-stored.ts';

/** Stores one accepted batch, then queues the rollups of the days it touched and an alert evaluation. A batch already stored, or gone, is a no-op. */
export function ingestBatch(db: Db, queues: Queues, config: Readonly<Config>, live: LivePublisher, log: Logger) {
  return async (job: Job) => {
    const payload = IngestBatchJob.safeParse(job.data);
    if (!payload.success) throw new UnrecoverableError(`bad ingest-batch payload: ${payload.error.message}`);
    const { tenantId, batchId } = payload.data;
    const batch = await ingestBatches.find(db, tenantId, batchId);
    if (!batch || batch.status === 'stored') return { skipped: batch ? 'already stored' : 'batch not found' };
    const parsed = parseEvents(batch.events);
    if (!parsed.ok) throw new UnrecoverableError(parsed.reason);
    const outcome = await storeBatch(db, tenantId, batchId, batch.source_id, parsed.batch);
    const { dirty, establishmentIds, ...counts } = outcome;
    // If this enqueue is lost, the marks are already committed: the rollup sweeper finds them.
    await enqueue.rollupDays(queues, dirty.map((d) => ({ tenantId, establishmentId: d.establishmentId, day: d.day })), config.rollup.delayMs);
    if (parsed.batch.inventories.length > 0) await enqueue.evaluateFleet(queues, { tenantId }, config.rollup.delayMs);
    log.info({ tenantId, batchId, jobId: job.id, attempt: job.attemptsMade + 1, ...counts, dirtyDays: dirty.length, establishments: establishmentIds.length }, 'batch stored');
    await publishBatchStored(db, live, log, tenantId, batchId, batch.source_id, outcome);
    if (outcome.status === 'stored') await enqueue.evaluateAlerts(queues, { tenantId, trigger: 'ingest' });
    return counts;
  };
}

/** Records a batch whose job will not be retried again, so it shows in GET /v1/ingest/failures. */
export async function recordFailure(db: Db, log: Logger, job: Job | undefined, error: Error) {
  if (!job) return;
  const final = error instanceof UnrecoverableError || error.name === 'UnrecoverableError' || job.attemptsMade >= (job.opts.attempts ?? 1);
  const payload = IngestBatchJob.safeParse(job.data);
  log.warn({ jobId: job.id, attempt: job.attemptsMade, final, err: error }, 'ingest-batch failed');
  if (final && payload.success) await ingestBatches.markFailed(db, payload.data.tenantId, payload.data.batchId, error.message);
}
