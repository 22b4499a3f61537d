import type { Config } from '@vigie/config';
import { MaintenanceTasks, type MaintenanceJob } from '@vigie/contracts';
import { enqueue, syncSchedulerId, type Queues } from '@vigie/queue';
import { sources, type Db } from '@vigie/store';

/**
 * Registers the recurring maintenance jobs as BullMQ job schedulers: stored in Redis, so however
 * many workers run, each tick produces one job.
 */
export async function scheduleMaintenance(queues: Queues, config: Readonly<Config>, only?: readonly MaintenanceJob['task'][]) {
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
    ['evaluate-obsolescence', at('40 4 * * *')],
    ['maintain-partitions', at('17 3 * * *')],
    // After the partitions: what is left older than each class's retention goes row by row.
    ['apply-retention', at('47 3 * * *')],
    // Time alone changes some conditions (a device goes silent, a support end date arrives).
    ['evaluate-all-alerts', every(config.alerts.evaluateEveryMinutes * 60_000)],
    ['send-digests', at(config.alerts.digestCron, config.defaultTimeZone)],
    // A fleet summary adds the changes not yet folded to the counts: folding often keeps that short.
    ['fold-device-tallies', every(60_000)],
  ];
  for (const [task, repeat] of ticks) {
    if (only && !only.includes(task)) continue;
    await queues.maintenance.upsertJobScheduler(task, repeat, { name: task, data: { task } satisfies MaintenanceJob });
  }
}

/** The maintenance tasks with no job scheduler in Redis (Redis lost its data, or no worker ever started). */
export async function missingMaintenance(queues: Queues): Promise<MaintenanceJob['task'][]> {
  const client = await queues.maintenance.client;
  const present = new Set(await client.zrange(queues.maintenance.keys.repeat!, 0, -1));
  return MaintenanceTasks.filter((task) => !present.has(task));
}

/**
 * Registers again whatever recurring job Redis no longer holds: maintenance tasks and the syncs of
 * scheduled sources. Returns what was missing (nothing, normally).
 */
export async function restoreSchedules(db: Db, queues: Queues, config: Readonly<Config>) {
  const maintenance = await missingMaintenance(queues);
  if (maintenance.length > 0) await scheduleMaintenance(queues, config, maintenance);
  const present = new Set((await queues.pullConnector.getJobSchedulers(0, -1)).map((s) => s.key));
  let syncs = 0;
  for (const row of await sources.listScheduled(db)) {
    if (present.has(syncSchedulerId(row.id))) continue;
    await enqueue.scheduleSource(queues, row.tenant_id, row.id, row.schedule!, row.time_zone);
    syncs++;
  }
  return { maintenance, syncs };
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
