import { UnrecoverableError, type Job } from 'bullmq';
import type { Logger } from '@vigie/config';
import { EvaluateObsolescenceJob } from '@vigie/contracts';
import type { LivePublisher } from '@vigie/queue';
import { recomputeRuns, type Db } from '@vigie/store';
import { evaluateObsolescence } from '../obsolescence/evaluate-obsolescence.ts';

/**
 * Re-evaluates one tenant's obsolescence flags, then finishes the obsolescence runs recorded before
 * it started (their rules were committed before it read them) and tells live clients.
 */
export function evaluateObsolescenceJob(db: Db, live: LivePublisher, log: Logger) {
  return async (job: Job) => {
    const payload = EvaluateObsolescenceJob.safeParse(job.data);
    if (!payload.success) throw new UnrecoverableError(`bad evaluate-obsolescence payload: ${payload.error.message}`);
    const { tenantId } = payload.data;
    const runs = await recomputeRuns.unfinishedEvaluations(db, tenantId);
    const outcome = await evaluateObsolescence(db, tenantId);
    for (const run of runs) {
      await recomputeRuns.finish(db, tenantId, run.id);
      await live
        .publish(tenantId, {
          kind: 'recompute.progress',
          run_id: run.id,
          reason: run.reason,
          status: 'done',
          days_total: run.days_total,
          days_done: run.days_total,
        })
        .catch((err: unknown) => log.warn({ err, tenantId, runId: run.id }, 'recompute progress not published'));
    }
    log.info({ tenantId, jobId: job.id, runsFinished: runs.length, ...outcome }, 'obsolescence evaluated');
    return outcome;
  };
}
