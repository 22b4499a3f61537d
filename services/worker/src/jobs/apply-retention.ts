import type { Config } from '@vigie/config';
import { DEVICE_LEVEL_CLASSES, instanceRetention, RetentionClassIds, tenantRetention } from '@vigie/contracts';
import { retention, rollupSettings, tenants, type Db } from '@vigie/store';

const DAY_MS = 86_400_000;
const PURGED = RetentionClassIds.filter(
  (id): id is retention.PurgedClassId => !(retention.PURGED_ELSEWHERE as readonly string[]).includes(id),
);

/** The instance's retention of every class: the defaults, with those the environment sets. */
export function instanceDays(config: Readonly<Config>) {
  const { checkInDays, appSessionDays, storedBatchDays } = config.retention;
  return instanceRetention({ check_ins: checkInDays, app_sessions: appSessionDays, outbox: storedBatchDays });
}

/**
 * Removes, tenant by tenant, every row older than its class's retention (the tenant's
 * retention_days over the instance's). The partitions older than CHECK_IN_RETENTION_DAYS and
 * APP_SESSION_RETENTION_DAYS are dropped whole by maintain-partitions; this takes the rest, row by row in bounded batches.
 * Returns the rows removed per class.
 */
export async function applyRetention(db: Db, config: Readonly<Config>, now: Date) {
  const instance = instanceDays(config);
  const removed = Object.fromEntries(PURGED.map((id) => [id, 0])) as Record<retention.PurgedClassId, number>;
  const all = await tenants.list(db);
  for (const tenant of all) {
    const days = tenantRetention(instance, (await rollupSettings.get(db, tenant.id)).retention_days);
    const cutOff = (id: retention.PurgedClassId) => new Date(now.getTime() - days[id] * DAY_MS);
    // Recorded first: a rollup running during the purge must already keep those days as they are.
    const latest = Math.max(...DEVICE_LEVEL_CLASSES.map((id) => cutOff(id).getTime()));
    await retention.markDeviceDataBefore(db, tenant.id, new Date(latest).toISOString().slice(0, 10));
    for (const id of PURGED) removed[id] += await retention.purgeClass(db, tenant.id, id, cutOff(id));
  }
  return { tenants: all.length, removed };
}
