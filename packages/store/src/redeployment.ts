import { sql } from 'kysely';
import { withoutJit, type Db } from './db.ts';
import { fewestOfflineDays, lastChainDay, threshold, type Threshold } from './device-thresholds.ts';

// The renewal forecast's redeployment split: idle devices flagged obsolete. The same devices as
// deviceListing.count({ idle, obsolete: any, inService }) now, counted from what each idle streak
// row carries of its device (in_service_here, first_obsolete: migration 0073) instead of a probe
// of devices and of the flags per idle device (2.3 s for 104,000 idle devices of 300,000).
// test/rollup/redeployment-count.test.ts holds the two equal.

export interface ObsoleteIdleQuery {
  idle: { schoolDays: Threshold; offlineDays: Threshold };
  /** Flagged obsolete (any reason) from a date up to this one. */
  until: string;
  establishmentIds?: string[] | null;
}

/** In service, idle now and flagged obsolete by `until`: the devices a redeployment can take first. */
export async function countObsoleteIdle(db: Db, tenantId: string, q: ObsoleteIdleQuery): Promise<number> {
  // Read apart, so that the planner knows the bound of the last-seen range below.
  const fewest = await fewestOfflineDays(db, tenantId, q.idle.offlineDays);
  const scope = q.establishmentIds ? sql`AND e.id = ANY(${q.establishmentIds}::uuid[])` : sql``;
  // An idle device is neither offline nor never connected (those are lists of their own): both
  // are last seen before now minus the fewest offline days, a range of device_last_seen's index
  // ('-infinity': never connected), judged by the establishment the copy carries: `gone`, hashed once.
  // One range of the streak key per establishment (its last chain day, streak >= N): the LATERAL
  // keeps the planner from hashing every streak row of the tenant instead. Its cost estimate
  // (the hashed `gone` counted once per establishment) passes jit_above_cost, and compiling took
  // 55-93 ms of a 150-450 ms run at 300,000 devices: interpreted, in a transaction of its own.
  const r = await db.transaction().execute(async (trx) => {
    await withoutJit(trx);
    return sql<{ n: number }>`
    WITH gone AS MATERIALIZED (
      SELECT r.device_id FROM device_last_seen r
      WHERE r.tenant_id = ${tenantId} AND r.last_seen < now() - make_interval(days => ${fewest}::int)
        AND r.last_seen < now() - make_interval(days => ${threshold(tenantId, 'offline_days', q.idle.offlineDays, sql`r.establishment_id`)}))
    SELECT COALESCE(sum(c.n), 0)::int AS n FROM establishments e
    CROSS JOIN LATERAL (${lastChainDay(tenantId, sql`e.id`, undefined)}) w
    CROSS JOIN LATERAL (
      SELECT count(*) AS n FROM device_idle_streaks s
      WHERE s.tenant_id = ${tenantId} AND s.establishment_id = e.id AND s.day = w.day
        AND s.streak >= ${threshold(tenantId, 'idle_school_days', q.idle.schoolDays, sql`e.id`)}
        AND s.in_service_here AND s.first_obsolete <= ${q.until}::date AND s.device_id NOT IN (SELECT device_id FROM gone)) c
    WHERE e.tenant_id = ${tenantId} ${scope}`.execute(trx);
  });
  return r.rows[0]!.n;
}
