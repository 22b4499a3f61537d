import { sql, type RawBuilder } from 'kysely';
import type { Db } from './db.ts';

// The day counts the device judgements read (idle over N school days, offline after N days): the
// number asked, or the establishment's setting over the tenant's; and the school day idle streaks
// are read on. One home for deviceListing's filters, the offline count and the redeployment count.

/** A number of days asked in the query, or else the establishment's setting over the tenant's. */
export interface Threshold {
  asked?: number | undefined;
  tenant: number;
}

/** That number of days for the device's establishment `establishmentId` (an SQL expression). */
export function threshold(tenantId: string, key: 'idle_school_days' | 'offline_days', t: Threshold, establishmentId: RawBuilder<unknown>) {
  if (t.asked !== undefined) return sql<number>`${t.asked}::int`;
  return sql<number>`COALESCE((SELECT (s.overrides->>${key})::int FROM establishment_rollup_settings s
    WHERE s.tenant_id = ${tenantId} AND s.establishment_id = ${establishmentId}), ${t.tenant}::int)`;
}

/**
 * The last school day without outage of an establishment before its today (`e.time_zone`), or up to
 * `asOf`: the day whose idle streaks say which of its devices are idle.
 */
export function lastChainDay(tenantId: string, establishmentId: RawBuilder<unknown>, asOf: string | undefined) {
  const before = asOf ? sql`${asOf}::date + 1` : sql`(now() AT TIME ZONE e.time_zone)::date`;
  return sql`
    SELECT x.day FROM establishment_days x
    WHERE x.tenant_id = ${tenantId} AND x.establishment_id = ${establishmentId} AND x.dimension = 'all' AND x.value = 'all'
      AND x.school_day AND NOT x.outage AND x.day < ${before}
    ORDER BY x.day DESC LIMIT 1`;
}

/**
 * The fewest days any of the tenant's devices is judged offline after: the number asked, or the
 * smallest of the tenant's setting and its establishments' overrides.
 */
export async function fewestOfflineDays(db: Db, tenantId: string, days: Threshold): Promise<number> {
  if (days.asked !== undefined) return days.asked;
  const r = await sql<{ days: number }>`
    SELECT LEAST(${days.tenant}::int, min((s.overrides->>'offline_days')::int))::int AS days
    FROM establishment_rollup_settings s WHERE s.tenant_id = ${tenantId}`.execute(db);
  return r.rows[0]!.days;
}
