import type { Job } from 'bullmq';
import type { Config, Logger } from '@vigie/config';
import { MaintenanceJob, type MaintenanceTask } from '@vigie/contracts';
import { enqueue, type Queues } from '@vigie/queue';
import { deviceDays, deviceTallies, ingestBatches, prepareDatabase, recomputeRuns, rollupDirty, tenants, type Db } from '@vigie/store';
import { sendDigest } from '../alerts/send-digest.ts';
import { applyRetention } from './apply-retention.ts';
import { purgeJournal } from './purge-journal.ts';
import { requeueIfGone } from './requeue-if-gone.ts';
import { sweepDeliveries } from './sweep-deliveries.ts';

/**
 * Re-queues accepted batches whose job is gone (Redis lost it, or the process died between commit and
 * enqueue) or ended without storing them. A job still waiting or running is left alone. A batch
 * that is not the first of its job has no job of its own id: after a backlog longer than the sweep
 * age it is queued again alone, and whichever job comes second finds it stored and does nothing.
 */
export async function sweepBatches(db: Db, queues: Queues, olderThan: Date): Promise<{ checked: number; requeued: number }> {
  const stale = await ingestBatches.listStale(db, olderThan, 1_000);
  let requeued = 0;
  for (const batch of stale) {
    const job = { tenantId: batch.tenant_id, sourceId: batch.source_id, batches: [{ id: batch.id, events: batch.event_count }] };
    if (
      await requeueIfGone(queues.ingestBatch, enqueue.ingestBatchJobId(batch.id, batch.replays), () =>
        enqueue.ingestBatch(queues, job, batch.replays),
      )
    )
      requeued++;
  }
  return { checked: stale.length, requeued };
}

/**
 * Re-queues rollups of days marked dirty long ago (their job was lost, or failed for good), and
 * follows unfinished recompute runs again (a run requested from the CLI has no job yet; a job may
 * be lost): a run followed already keeps its one job.
 */
export async function sweepRollups(db: Db, queues: Queues, olderThan: Date, delayMs: number) {
  const stale = await rollupDirty.listStale(db, olderThan, 10_000);
  await enqueue.rollupDays(
    queues,
    stale.map((s) => ({ tenantId: s.tenant_id, establishmentId: s.establishment_id, day: s.day })),
    delayMs,
  );
  const runs = await recomputeRuns.listUnfinished(db, 100);
  for (const run of runs) await enqueue.recompute(queues, { tenantId: run.tenant_id, runId: run.id, queued: false });
  return { requeued: stale.length, runs: runs.length };
}

/**
 * Marks and queues yesterday of every open establishment, so days without any data get rolled up
 * too; and catches up days recorded before a device was placed that a concurrent batch left behind.
 */
export async function closeDays(db: Db, queues: Queues, now: Date, delayMs: number, onlyLocalHour: number | null = 0) {
  const marked = (await rollupDirty.markPreviousDay(db, now, onlyLocalHour)).map((s) => ({
    tenantId: s.tenant_id,
    establishmentId: s.establishment_id,
    day: s.day,
  }));
  let placedLate = 0;
  for (const tenant of await tenants.list(db)) {
    const days = await db.transaction().execute(async (trx) => {
      const found = await deviceDays.followPlacement(trx, tenant.id, null);
      await rollupDirty.mark(trx, tenant.id, found);
      return found;
    });
    placedLate += days.length;
    marked.push(...days.map((d) => ({ tenantId: tenant.id, ...d })));
  }
  await enqueue.rollupDays(queues, marked, delayMs);
  return { marked: marked.length, placedLate };
}

interface TaskContext {
  db: Db;
  queues: Queues;
  config: Readonly<Config>;
  log: Logger;
  now: number;
}

// One handler per task: the compiler refuses a task without one, so none falls through to another's.
const tasks: Record<MaintenanceTask, (ctx: TaskContext) => Promise<unknown>> = {
  'sweep-batches': async ({ db, queues, config, log, now }) => {
    const result = await sweepBatches(db, queues, new Date(now - config.worker.sweepAfterSeconds * 1000));
    if (result.requeued > 0) log.warn(result, 'sweeper re-queued accepted batches');
    return result;
  },
  'sweep-rollups': async ({ db, queues, config, log, now }) => {
    const result = await sweepRollups(db, queues, new Date(now - config.rollup.sweepAfterSeconds * 1000), config.rollup.delayMs);
    if (result.requeued > 0 || result.runs > 0) log.warn(result, 'sweeper re-queued rollups');
    return result;
  },
  'sweep-deliveries': async ({ db, queues, config, log, now }) => {
    const result = await sweepDeliveries(db, queues, config, new Date(now - config.worker.sweepAfterSeconds * 1000));
    if (result.requeued > 0) log.warn(result, 'sweeper re-queued pending notification deliveries');
    return result;
  },
  // Daily: date-based flags (age, warranty, support end) come due without any inventory change.
  'evaluate-obsolescence': async ({ db, queues }) => {
    const all = await tenants.list(db);
    for (const t of all) await enqueue.evaluateObsolescence(queues, { tenantId: t.id }, 0);
    return { tenants: all.length };
  },
  'close-days': async ({ db, queues, config, log, now }) => {
    const result = await closeDays(db, queues, new Date(now), config.rollup.delayMs);
    log.info(result, 'previous local day marked for rollup');
    return result;
  },
  'evaluate-all-alerts': async ({ db, queues, now }) => {
    const all = await tenants.list(db);
    for (const t of all) await enqueue.evaluateAlerts(queues, { tenantId: t.id, trigger: 'schedule' }, now);
    return { tenants: all.length };
  },
  'send-digests': async ({ db, queues, config, log, now }) => {
    let endpoints = 0;
    for (const t of await tenants.list(db)) endpoints += await sendDigest(db, queues, config, t.id, new Date(now));
    log.info({ endpoints }, 'daily digests queued');
    return { endpoints };
  },
  'fold-device-tallies': async ({ db, log, now }) => {
    let groups = 0;
    for (const t of await tenants.list(db)) groups += await deviceTallies.fold(db, t.id, new Date(now));
    await deviceTallies.vacuum(db);
    log.debug({ groups }, 'device tallies folded');
    return { groups };
  },
  'apply-retention': async ({ db, config, log, now }) => {
    const result = await applyRetention(db, config, new Date(now));
    log.info(result, 'data past its retention removed');
    return result;
  },
  // The journal is purged with the partitions: both are the nightly pass over data past its age.
  'maintain-partitions': async ({ db, config, log, now }) => {
    const prepared = await prepareDatabase(db, config.db.url, config.retention);
    const journal = await purgeJournal(db, new Date(now - config.retention.auditDays * 86_400_000));
    log.info({ ...prepared.partitions, purgedJournalEvents: journal.deleted }, 'partitions and journal maintained');
    return { ...prepared.partitions, purgedJournal: journal.deleted };
  },
};

/** Runs the maintenance task a scheduled job names. */
export function maintenance(db: Db, queues: Queues, config: Readonly<Config>, log: Logger) {
  return async (job: Job) => {
    const { task } = MaintenanceJob.parse(job.data);
    return tasks[task]({ db, queues, config, log, now: Date.now() });
  };
}
