import { sql } from 'kysely';
import type { Db } from './db.ts';
import { fewestOfflineDays, lastChainDay, threshold, type Threshold } from './device-listing.ts';

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
  // (a few devices in a fleet that reports), judged exactly per device: `gone`, hashed once.
  // One range of the streak key per establishment (its last chain day, streak >= N): the LATERAL
  // keeps the planner from hashing every streak row of the tenant instead. `gone` is read once.
  const r = await sql<{ n: number }>`
    WITH gone AS MATERIALIZED (
      SELECT r.device_id FROM device_last_seen r JOIN devices d ON d.tenant_id = r.tenant_id AND d.id = r.device_id
      WHERE r.tenant_id = ${tenantId} AND r.last_seen < now() - make_interval(days => ${fewest}::int)
        AND (d.last_contact IS NULL
             OR d.last_contact < now() - make_interval(days => ${threshold(tenantId, 'offline_days', q.idle.offlineDays, sql`d.establishment_id`)})))
    SELECT COALESCE(sum(c.n), 0)::int AS n FROM establishments e
    CROSS JOIN LATERAL (${lastChainDay(tenantId, sql`e.id`, undefined)}) w
    CROSS JOIN LATERAL (
      SELECT count(*) AS n FROM device_idle_streaks s
      WHERE s.tenant_id = ${tenantId} AND s.establishment_id = e.id AND s.day = w.day
        AND s.streak >= ${threshold(tenantId, 'idle_school_days', q.idle.schoolDays, sql`e.id`)}
        AND s.in_service_here AND s.first_obsolete <= ${q.until}::date AND s.device_id NOT IN (SELECT device_id FROM gone)) c
    WHERE e.tenant_id = ${tenantId} ${scope}`.execute(db);
  return r.rows[0]!.n;
}
