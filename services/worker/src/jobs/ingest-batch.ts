import { UnrecoverableError, type Job } from 'bullmq';
import type { Config, Logger } from '@vigie/config';
import { IngestBatchJob, type IngestEvent } from '@vigie/contracts';
import { enqueue, type LivePublisher, type Queues } from '@vigie/queue';
import { ingestBatches, type Db } from '@vigie/store';
import { batchLanes, type BatchResult, type Lane } from '../ingest/batch-lanes.ts';
import { parseEvents, sortEvents } from '../ingest/parse-events.ts';
import { storeBatches } from '../ingest/store-batches.ts';
import { publishBatchStored } from '../live/publish-batch-stored.ts';

export type IngestJobResult = { skipped: string } | { stored: boolean; group: number };

/**
 * Stores accepted batches, a source's batches together when several wait (batch-lanes.ts), then
 * queues the rollups of the days they touched and an alert evaluation. A batch already stored, or
 * gone, is a no-op. A job whose batches did not all store fails once the others are stored: its
 * retries find those stored and skip them, and a batch that cannot be stored fails alone.
 */
export function ingestBatch(db: Db, queues: Queues, config: Readonly<Config>, live: LivePublisher, log: Logger) {
  const lanes = batchLanes<IngestJobResult>((lane, batchIds) => storeGroup(db, queues, config, live, log, lane, batchIds), {
    maxEvents: config.worker.ingestGroupMaxEvents,
  });
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

async function storeGroup(db: Db, queues: Queues, config: Readonly<Config>, live: LivePublisher, log: Logger, lane: Lane, batchIds: string[]) {
  const { tenantId, sourceId } = lane;
  const results = new Map<string, BatchResult<IngestJobResult>>(batchIds.map((id) => [id, { ok: true, value: { skipped: 'already stored or not found' } }]));
  const events: IngestEvent[] = [];
  const storing: { id: string; events: number }[] = [];
  for (const batch of await ingestBatches.findUnstored(db, tenantId, batchIds)) {
    const parsed = parseEvents(batch.events);
    // A batch of another source (only if a job was queued with the wrong one) waits for its own lane.
    if (batch.source_id !== sourceId) results.set(batch.id, { ok: false, error: new Error(`batch ${batch.id} belongs to source ${batch.source_id}`) });
    else if (!parsed.ok) results.set(batch.id, { ok: false, error: new UnrecoverableError(parsed.reason) });
    else {
      events.push(...parsed.events);
      storing.push({ id: batch.id, events: batch.event_count });
    }
  }
  if (storing.length === 0) return results;

  const sorted = sortEvents(events);
  const outcome = await storeBatches(db, tenantId, storing.map((b) => b.id), sourceId, sorted);
  for (const { id } of storing) results.set(id, { ok: true, value: { stored: outcome.storedIds.has(id), group: storing.length } });
  const { dirty, establishmentIds, storedIds, ...counts } = outcome;
  // If this enqueue is lost, the marks are already committed: the rollup sweeper finds them.
  await enqueue.rollupDays(queues, dirty.map((d) => ({ tenantId, establishmentId: d.establishmentId, day: d.day })), config.rollup.delayMs);
  if (sorted.inventories.length > 0) await enqueue.evaluateFleet(queues, { tenantId }, config.rollup.delayMs);
  log.info({ tenantId, sourceId, batches: storing.length, stored: storedIds.size, ...counts, dirtyDays: dirty.length, establishments: establishmentIds.length }, 'batches stored');
  // Not awaited: live events are best effort (the function logs its own failures), and the source's
  // next group need not wait for summary counts.
  void publishBatchStored(db, live, log, tenantId, sourceId, storing, outcome);
  if (storedIds.size > 0) await enqueue.evaluateAlerts(queues, { tenantId, trigger: 'ingest' });
  return results;
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
  for (const batch of payload.data.batches) await ingestBatches.markFailed(db, payload.data.tenantId, batch.id, reasons?.get(batch.id) ?? error.message);
}
