import { UnrecoverableError, type Job } from 'bullmq';
import type { HolidayPeriod } from '@vigie/calendar';
import type { Config, Logger } from '@vigie/config';
import { RollupDayJob, RollupDaysJob } from '@vigie/contracts';
import { enqueue, type LivePublisher, type Queues } from '@vigie/queue';
import { rollupDirty, type Db } from '@vigie/store';
import { publishDayActivity } from '../live/publish-day-activity.ts';
import { rollupDay } from '../rollup/rollup-day.ts';
import { rollupDays } from '../rollup/rollup-days.ts';

/**
 * Rolls up one establishment-day; a day no longer marked dirty is a no-op. A day still receiving
 * data (a backfill, a sync in progress) is queued again instead: rolled up once when the burst is
 * over rather than once per delay during it, and at the latest ROLLUP_MAX_WAIT_MS after its data.
 */
export function rollupDayJob(
  db: Db,
  queues: Queues,
  live: LivePublisher,
  config: Readonly<Config>,
  holidays: HolidayPeriod[],
  log: Logger,
) {
  const { delayMs, maxWaitMs } = config.rollup;
  return async (job: Job) => {
    if (job.name === 'rollup-days') return rollUpBatch(job);
    const payload = RollupDayJob.safeParse(job.data);
    if (!payload.success) throw new UnrecoverableError(`bad rollup-day payload: ${payload.error.message}`);
    const { tenantId, establishmentId, day } = payload.data;
    const mark = await rollupDirty.find(db, tenantId, establishmentId, day, { quietMs: delayMs, maxWaitMs });
    if (mark?.settling) {
      await enqueue.deferRollupDay(queues, payload.data, delayMs);
      return { status: 'deferred' };
    }
    const started = performance.now();
    const outcome = await rollupDay(db, holidays, tenantId, establishmentId, day, mark ?? null);
    log.info({ tenantId, establishmentId, day, jobId: job.id, ms: Math.round(performance.now() - started), ...outcome }, 'rollup-day');
    if (outcome.status === 'rolled_up' && outcome.changed > 0) await publishDayActivity(db, live, log, tenantId, establishmentId, day);
    return outcome;
  };

  /** A recompute run's batch of one establishment's days, in one pass (rollup-days.ts). */
  async function rollUpBatch(job: Job) {
    const payload = RollupDaysJob.safeParse(job.data);
    if (!payload.success) throw new UnrecoverableError(`bad rollup-days payload: ${payload.error.message}`);
    const { tenantId, establishmentId, days } = payload.data;
    const started = performance.now();
    const outcome = await rollupDays(db, holidays, tenantId, establishmentId, days);
    log.info(
      { tenantId, establishmentId, asked: days.length, jobId: job.id, ms: Math.round(performance.now() - started), ...outcome },
      'rollup-days',
    );
    return outcome;
  }
}
