import type { Config } from '@vigie/config';
import type { MaintenanceJob } from '@vigie/contracts';
import { enqueue, type Queues } from '@vigie/queue';
import { sources, type Db } from '@vigie/store';

/**
 * Registers the recurring maintenance jobs as BullMQ job schedulers: stored in Redis, so however
 * many workers run, each tick produces one job.
 */
export async function scheduleMaintenance(queues: Queues, config: Readonly<Config>) {
  const every = (ms: number) => ({ every: ms });
  const at = (pattern: string, tz?: string) => ({ pattern, ...(tz ? { tz } : {}) });
  const ticks: [MaintenanceJob['task'], ReturnType<typeof every> | ReturnType<typeof at>][] = [
    ['sweep-batches', every(config.worker.sweepEverySeconds * 1000)],
    // Notifications recorded with their alert (the outbox) but never queued: the same delay as batches.
    ['sweep-deliveries', every(config.worker.sweepEverySeconds * 1000)],
    ['sweep-rollups', every(config.rollup.sweepAfterSeconds * 1000)],
    // Hourly: each establishment's yesterday is closed in the hour after its own midnight, overseas
    // time zones included.
    ['close-days', at('5 * * * *')],
    ['evaluate-fleets', at('40 4 * * *')],
    ['maintain-partitions', at('17 3 * * *')],
    // Time alone changes some conditions (a device goes silent, a support end date arrives).
    ['evaluate-all-alerts', every(config.alerts.evaluateEveryMinutes * 60_000)],
    ['send-digests', at(config.alerts.digestCron, config.defaultTimeZone)],
  ];
  for (const [task, repeat] of ticks) {
    await queues.maintenance.upsertJobScheduler(task, repeat, { name: task, data: { task } satisfies MaintenanceJob });
  }
}

/**
 * Re-registers the recurring sync of every enabled, scheduled source. The API registers them when a
 * source is saved; doing it again at start-up restores them if Redis lost its data.
 */
export async function scheduleSources(db: Db, queues: Queues) {
  const rows = await sources.listScheduled(db);
  for (const row of rows) await enqueue.scheduleSource(queues, row.tenant_id, row.id, row.schedule!, row.time_zone);
  return rows.length;
}
