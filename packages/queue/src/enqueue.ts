import type { IngestBatchJob } from '@vigie/contracts';
import type { Queues } from './queues.ts';

/** Job id of a batch's store job: the batch id, plus the replay number once replayed. */
export function ingestBatchJobId(batchId: string, replay: number): string {
  return replay === 0 ? batchId : `${batchId}-r${replay}`;
}

/** Queues the store job of an accepted batch; a second call with the same batch and replay is a no-op. */
export async function ingestBatch(queues: Queues, job: IngestBatchJob, replay = 0): Promise<void> {
  await queues.ingestBatch.add('ingest-batch', job, { jobId: ingestBatchJobId(job.batchId, replay) });
}
