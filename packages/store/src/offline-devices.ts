import { sql } from 'kysely';
import type { Db } from './db.ts';
import { fewestOfflineDays, threshold, type Threshold } from './device-thresholds.ts';

// The fleet summary's offline count now: the devices deviceListing.count({ offline }) counts
// (test/devices/offline-count.test.ts holds the two equal), without a read of devices. Only those
// last seen before the fewest offline days are read, a range of device_last_seen's index, each
// judged by the placement that narrow copy carries (migration 0080).

/**
 * How many devices are offline now: in service, not in stock, connected once, not seen for their
 * establishment's offline days or the tenant's, or the days asked.
 */
export async function countNow(db: Db, tenantId: string, days: Threshold, establishmentIds?: string[]): Promise<number> {
  const fewest = await fewestOfflineDays(db, tenantId, days);
  const scope = establishmentIds ? sql`AND r.establishment_id = ANY(${establishmentIds}::uuid[])` : sql``;
  const r = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM device_last_seen r
    WHERE r.tenant_id = ${tenantId} AND r.last_seen > '-infinity' AND r.last_seen < now() - make_interval(days => ${fewest}::int)
      AND r.in_service AND r.last_seen < now() - make_interval(days => ${threshold(tenantId, 'offline_days', days, sql`r.establishment_id`)}) ${scope}`.execute(
    db,
  );
  return r.rows[0]!.n;
}
