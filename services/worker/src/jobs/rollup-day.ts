import { UnrecoverableError, type Job } from 'bullmq';
import type { HolidayPeriod } from '@vigie/calendar';
import type { Logger } from '@vigie/config';
import { RollupDayJob } from '@vigie/contracts';
import type { Db } from '@vigie/store';
import { rollupDay } from '../rollup/rollup-day.ts';

/** Rolls up one establishment-day; a day no longer marked dirty is a no-op. */
export function rollupDayJob(db: Db, holidays: HolidayPeriod[], log: Logger) {
  return async (job: Job) => {
    const payload = RollupDayJob.safeParse(job.data);
    if (!payload.success) throw new UnrecoverableError(`bad rollup-day payload: ${payload.error.message}`);
    const { tenantId, establishmentId, day } = payload.data;
    const started = performance.now();
    const outcome = await rollupDay(db, holidays, tenantId, establishmentId, day);
    log.info({ tenantId, establishmentId, day, jobId: job.id, ms: Math.round(performance.now() - started), ...outcome }, 'rollup-day');
    return outcome;
  };
}
