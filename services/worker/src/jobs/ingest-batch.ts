import { UnrecoverableError, type Job } from 'bullmq';
import type { Logger } from '@vigie/config';
import { IngestBatchJob } from '@vigie/contracts';
import { ingestBatches, type Db } from '@vigie/store';
import type { IngestDeps } from '../ingest/after-store.ts';
import { batchLanes } from '../ingest/batch-lanes.ts';
import { isolateBatch, storeGroup, type IngestJobResult } from '../ingest/store-group.ts';

export type { IngestJobResult } from '../ingest/store-group.ts';

/**
 * Stores accepted batches, a source's batches together when several wait (batch-lanes.ts), then
 * queues the rollups of the days they touched and an alert evaluation. A batch already stored, or
 * gone, is a no-op. A batch that fails alone is stored item by item, its poison items split off
 * (store-group.ts). A job whose batches did not all store fails once the others are stored: its
 * retries find those stored and skip them, and a batch that cannot be stored fails alone.
 */
export function ingestBatch(deps: IngestDeps) {
  const lanes = batchLanes<IngestJobResult>(
    (lane, batchIds) => storeGroup(deps, lane, batchIds),
    { maxEvents: deps.config.worker.ingestGroupMaxEvents },
    (lane, batchId, error) => isolateBatch(deps, lane, batchId, error),
  );
  return async (job: Job): Promise<IngestJobResult[]> => {
    const payload = IngestBatchJob.safeParse(job.data);
    if (!payload.success) throw new UnrecoverableError(`bad ingest-batch payload: ${payload.error.message}`);
    const { tenantId, sourceId, batches } = payload.data;
    const settled = await Promise.allSettled(batches.map((b) => lanes.submit({ tenantId, sourceId }, b.id, b.events)));
    const failed = settled.flatMap((s, i) => (s.status === 'rejected' ? [{ id: batches[i]!.id, error: s.reason as Error }] : []));
    if (failed.length === 0) return settled.map((s) => (s as PromiseFulfilledResult<IngestJobResult>).value);
    const message = failed.map((f) => (batches.length === 1 ? f.error.message : `batch ${f.id}: ${f.error.message}`)).join('; ');
    // Retrying helps unless every failure is one a retry cannot fix. Each batch keeps its own reason.
    const error = failed.every((f) => isUnrecoverable(f.error)) ? new UnrecoverableError(message) : new Error(message);
    throw Object.assign(error, { batchReasons: new Map(failed.map((f) => [f.id, f.error.message])) } satisfies BatchReasons);
  };
}

const isUnrecoverable = (error: Error) => error instanceof UnrecoverableError || error.name === 'UnrecoverableError';

/** Why each batch of a failed job was not stored, carried on the error the job throws. */
interface BatchReasons {
  batchReasons: Map<string, string>;
}

/**
 * Records the batches a job will not retry again, so they show in GET /v1/ingest/failures: those of
 * its batches still unstored (markFailed leaves stored ones alone).
 */
export async function recordFailure(db: Db, log: Logger, job: Job | undefined, error: Error) {
  if (!job) return;
  const final = isUnrecoverable(error) || job.attemptsMade >= (job.opts.attempts ?? 1);
  const payload = IngestBatchJob.safeParse(job.data);
  log.warn({ jobId: job.id, attempt: job.attemptsMade, final, err: error }, 'ingest-batch failed');
  if (!final || !payload.success) return;
  const reasons = (error as Error & Partial<BatchReasons>).batchReasons;
  for (const batch of payload.data.batches)
    await ingestBatches.markFailed(db, payload.data.tenantId, batch.id, reasons?.get(batch.id) ?? error.message);
}
