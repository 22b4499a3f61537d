import type { Config } from '@vigie/config';
import { enqueue, type Queues } from '@vigie/queue';
import { sources, type Db } from '@vigie/store';

/**
 * Registers the recurring maintenance jobs as BullMQ job schedulers: stored in Redis, so however
 * many workers run, each tick produces one job.
 */
export async function scheduleMaintenance(queues: Queues, config: Readonly<Config>) {
  await queues.maintenance.upsertJobScheduler(
    'sweep-batches',
    { every: config.worker.sweepEverySeconds * 1000 },
    { name: 'sweep-batches', data: { task: 'sweep-batches' } },
  );
  // Notifications recorded with their alert (the outbox) but never queued: the same delay as batches.
  await queues.maintenance.upsertJobScheduler(
    'sweep-deliveries',
    { every: config.worker.sweepEverySeconds * 1000 },
    { name: 'sweep-deliveries', data: { task: 'sweep-deliveries' } },
  );
  await queues.maintenance.upsertJobScheduler(
    'sweep-rollups',
    { every: config.rollup.sweepAfterSeconds * 1000 },
    { name: 'sweep-rollups', data: { task: 'sweep-rollups' } },
  );
  // Hourly: each establishment's yesterday is closed in the hour after its own midnight, overseas
  // time zones included.
  await queues.maintenance.upsertJobScheduler('close-days', { pattern: '5 * * * *' }, { name: 'close-days', data: { task: 'close-days' } });
  await queues.maintenance.upsertJobScheduler('evaluate-fleets', { pattern: '40 4 * * *' }, { name: 'evaluate-fleets', data: { task: 'evaluate-fleets' } });
  await queues.maintenance.upsertJobScheduler(
    'maintain-partitions',
    { pattern: '17 3 * * *' },
    { name: 'maintain-partitions', data: { task: 'maintain-partitions' } },
  );
  // Time alone changes some conditions (a device goes silent, a support end date arrives).
  await queues.maintenance.upsertJobScheduler(
    'evaluate-all-alerts',
    { every: config.alerts.evaluateEveryMinutes * 60_000 },
    { name: 'evaluate-all-alerts', data: { task: 'evaluate-all-alerts' } },
  );
  await queues.maintenance.upsertJobScheduler(
    'send-digests',
    { pattern: config.alerts.digestCron, tz: config.defaultTimeZone },
    { name: 'send-digests', data: { task: 'send-digests' } },
  );
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
