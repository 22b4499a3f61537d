import { sql } from 'kysely';
import type { Trx } from './db.ts';

// Per establishment school day (outage days skipped), the devices the rollup judged in service and
// not active, with how many such days in a row end there (migrations/0040_device_idle_streaks.sql).
// deviceListing's idle filter reads them instead of scanning N days of device_activity.

/** The establishment's school days without outage (the idle chain) from `from` on, oldest first. */
const chainFrom = (tenantId: string, establishmentId: string, from: string) => sql`
  SELECT day FROM establishment_days
  WHERE tenant_id = ${tenantId} AND establishment_id = ${establishmentId} AND dimension = 'all' AND value = 'all'
    AND school_day AND NOT outage AND day >= ${from}::date`;

/**
 * Rewrites the streaks of an establishment from `day` on, once the rollup has rewritten that day's
 * decisions and establishment day: that day's, then each later chain day's (they count on it) until
 * one comes out unchanged, since every later one then is too. Under
 * establishmentPeriods.lockEstablishment, so rollups of two days of one establishment take turns and
 * the later one reads the earlier one's committed streaks. Returns the days rewritten.
 */
export async function recomputeFrom(trx: Trx, tenantId: string, establishmentId: string, day: string) {
  // A day out of the chain (no classes, an outage) keeps no streak.
  await sql`
    DELETE FROM device_idle_streaks WHERE tenant_id = ${tenantId} AND establishment_id = ${establishmentId} AND day = ${day}::date
      AND ${day}::date NOT IN (${chainFrom(tenantId, establishmentId, day)})`.execute(trx);
  const days = (await sql<{ day: string }>`${chainFrom(tenantId, establishmentId, day)} ORDER BY day`.execute(trx)).rows.map((r) => r.day);
  let written = 0;
  for (const chainDay of days) {
    if (!(await changed(trx, tenantId, establishmentId, chainDay))) break;
    await rewriteDay(trx, tenantId, establishmentId, chainDay);
    written++;
  }
  return written;
}

/** The streaks of one chain day from its decisions and the previous chain day's streaks. */
const freshStreaks = (tenantId: string, establishmentId: string, day: string) => sql`
  SELECT 1 + COALESCE(p.streak, 0) AS streak, a.device_id
  FROM device_activity a
  LEFT JOIN device_idle_streaks p ON p.tenant_id = ${tenantId} AND p.establishment_id = ${establishmentId} AND p.device_id = a.device_id
    AND p.day = (SELECT max(day) FROM establishment_days
                 WHERE tenant_id = ${tenantId} AND establishment_id = ${establishmentId} AND dimension = 'all' AND value = 'all'
                   AND school_day AND NOT outage AND day < ${day}::date)
  WHERE a.tenant_id = ${tenantId} AND a.establishment_id = ${establishmentId} AND a.day = ${day}::date AND a.in_service AND NOT a.active`;

async function changed(trx: Trx, tenantId: string, establishmentId: string, day: string) {
  const stored = sql`SELECT streak, device_id FROM device_idle_streaks
    WHERE tenant_id = ${tenantId} AND establishment_id = ${establishmentId} AND day = ${day}::date`;
  const fresh = freshStreaks(tenantId, establishmentId, day);
  const r = await sql<{ changed: boolean }>`
    SELECT EXISTS (SELECT 1 FROM ((${fresh}) EXCEPT (${stored})) x) OR EXISTS (SELECT 1 FROM ((${stored}) EXCEPT (${fresh})) y) AS changed`.execute(
    trx,
  );
  return r.rows[0]!.changed;
}

async function rewriteDay(trx: Trx, tenantId: string, establishmentId: string, day: string) {
  await sql`DELETE FROM device_idle_streaks WHERE tenant_id = ${tenantId} AND establishment_id = ${establishmentId} AND day = ${day}::date`.execute(
    trx,
  );
  await sql`
    INSERT INTO device_idle_streaks (tenant_id, establishment_id, day, streak, device_id)
    SELECT ${tenantId}, ${establishmentId}, ${day}::date, f.streak, f.device_id FROM (${freshStreaks(tenantId, establishmentId, day)}) f`.execute(
    trx,
  );
}
