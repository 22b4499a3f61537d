import { DelayedError, UnrecoverableError, type Job } from 'bullmq';
import type { Config, Logger } from '@vigie/config';
import { MAX_ROLLUP_DAYS_PER_JOB, RecomputeJob } from '@vigie/contracts';
import { enqueue, type LivePublisher, type Queues } from '@vigie/queue';
import { recomputeRuns, type Db } from '@vigie/store';
import { establishmentBatches } from '../rollup/rollup-days.ts';

const PAGE = 5_000;

/**
 * A recompute run: first queues the rollups of the days it marked (behind fresh data's rollups, in
 * batches of an establishment's days), then follows them every RECOMPUTE_PROGRESS_MS, publishing
 * progress, until none is left: the run is then done. One job per run (id `recompute-<run>`), delayed again while the run lasts rather
 * than queued anew, so the sweeper adding it again never starts a second follower. Rolling a day
 * up twice changes nothing, so a retried job is harmless.
 */
export function recomputeJob(db: Db, queues: Queues, config: Readonly<Config>, live: LivePublisher, log: Logger) {
  return async (job: Job, token?: string) => {
    const payload = RecomputeJob.safeParse(job.data);
    if (!payload.success) throw new UnrecoverableError(`bad recompute payload: ${payload.error.message}`);
    const { tenantId, runId, queued } = payload.data;
    const run = await recomputeRuns.find(db, tenantId, runId);
    if (!run || run.finished_at) return { status: 'skipped', reason: run ? 'done' : 'run gone' };
    // An obsolescence run is finished by the fleet evaluation; the sweeper lands here when its job was lost.
    if (run.target === 'obsolescence') {
      await enqueue.evaluateObsolescence(queues, { tenantId }, config.rollup.delayMs);
      return { status: 'skipped', reason: 'evaluation queued' };
    }
    let enqueued = 0;
    if (!queued) {
      for (let after = null as { establishmentId: string; day: string } | null; ;) {
        const page = await recomputeRuns.pendingDays(db, tenantId, run, after, PAGE);
        // An establishment's days in one pass each (rollup-days.ts), not one rollup per day. A batch
        // cut at a page's end gets the rest of its days in the next page's first batch.
        await enqueue.rollupDaysOfRun(
          queues,
          runId,
          establishmentBatches(page, MAX_ROLLUP_DAYS_PER_JOB).map((b) => ({ tenantId, ...b })),
        );
        enqueued += page.length;
        if (page.length < PAGE) break;
        after = { establishmentId: page.at(-1)!.establishment_id, day: page.at(-1)!.day };
      }
    }
    const left = await recomputeRuns.remaining(db, tenantId, run);
    if (left === 0) await recomputeRuns.finish(db, tenantId, runId);
    const status = left === 0 ? 'done' : 'running';
    await live
      .publish(tenantId, {
        kind: 'recompute.progress',
        run_id: runId,
        reason: run.reason,
        status,
        days_total: run.days_total,
        days_done: Math.max(run.days_total - left, 0),
      })
      .catch((err: unknown) => log.warn({ err, tenantId, runId }, 'recompute progress not published'));
    log.info({ tenantId, runId, reason: run.reason, enqueued, left, total: run.days_total }, 'recompute');
    if (left === 0) return { status, enqueued, left };
    await job.updateData({ tenantId, runId, queued: true });
    await job.moveToDelayed(Date.now() + config.recompute.progressMs, token);
    throw new DelayedError();
  };
}
