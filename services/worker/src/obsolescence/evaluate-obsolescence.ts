import { addDays, localDate } from '@vigie/calendar';
import { obsolescenceFlags } from '@vigie/rollup';
import { deviceObsolescence, devices, obsolescenceCounts, obsolescenceRules, tenants, type Db } from '@vigie/store';

const PAGE = 5_000;

/**
 * Re-evaluates every device of a tenant against its obsolescence rules, a page at a time (bounded
 * memory whatever the fleet), then drops the flags this evaluation no longer raised.
 */
export async function evaluateObsolescence(db: Db, tenantId: string, now = new Date()) {
  const tenant = await tenants.findById(db, tenantId);
  if (!tenant) return { devices: 0, flags: 0, cleared: 0 };
  const { rules } = await obsolescenceRules.list(db, tenantId);
  const today = localDate(now, tenant.time_zone);
  let after: string | null = null;
  let seen = 0;
  let flagged = 0;
  for (;;) {
    const page = await devices.listForEvaluation(db, tenantId, after, PAGE);
    if (page.length === 0) break;
    const rows = page.flatMap((d) =>
      obsolescenceFlags(
        {
          kind: d.kind,
          osName: d.os_name,
          osVersion: d.os_version,
          acquiredOn: d.acquired_on,
          supportEnd: d.support_end,
          warrantyEnd: d.warranty_end,
          batteryHealthPct: d.battery_health_pct,
          storageTotalMb: d.storage_total_mb,
        },
        rules,
        today,
      ).map((f) => ({ deviceId: d.id, ...f })),
    );
    await deviceObsolescence.upsertMany(db, tenantId, rows, now);
    seen += page.length;
    flagged += rows.length;
    after = page[page.length - 1]!.id;
  }
  const cleared = await deviceObsolescence.deleteStale(db, tenantId, now);
  await db.transaction().execute((trx) => obsolescenceCounts.rewrite(trx, tenantId, addDays(today, -1)));
  return { devices: seen, flags: flagged, cleared };
}
