import { UnrecoverableError, type Job } from 'bullmq';
import type { Logger } from '@vigie/config';
import { EvaluateObsolescenceJob } from '@vigie/contracts';
import type { Db } from '@vigie/store';
import { evaluateObsolescence } from '../obsolescence/evaluate-obsolescence.ts';

/** Re-evaluates one tenant's obsolescence flags. */
export function evaluateObsolescenceJob(db: Db, log: Logger) {
  return async (job: Job) => {
    const payload = EvaluateObsolescenceJob.safeParse(job.data);
    if (!payload.success) throw new UnrecoverableError(`bad evaluate-obsolescence payload: ${payload.error.message}`);
    const outcome = await evaluateObsolescence(db, payload.data.tenantId);
    log.info({ tenantId: payload.data.tenantId, jobId: job.id, ...outcome }, 'obsolescence evaluated');
    return outcome;
  };
}
