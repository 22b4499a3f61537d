import { sql, type RawBuilder } from 'kysely';
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

/**
 * What the redeployment count reads with each streak row (migration 0073), as the device is when
 * the row is written; triggers on devices and device_obsolescence keep it so afterwards.
 */
const deviceState = (tenantId: string, establishmentId: string, deviceId: RawBuilder<unknown>) => sql`
  COALESCE((SELECT d.status = 'in_service' AND d.assignment IS DISTINCT FROM 'stock' AND d.establishment_id = ${establishmentId}::uuid
            FROM devices d WHERE d.tenant_id = ${tenantId} AND d.id = ${deviceId}), false),
  (SELECT min(o.applies_from) FROM device_obsolescence o WHERE o.tenant_id = ${tenantId} AND o.device_id = ${deviceId})`;

async function rewriteDay(trx: Trx, tenantId: string, establishmentId: string, day: string) {
  await sql`DELETE FROM device_idle_streaks WHERE tenant_id = ${tenantId} AND establishment_id = ${establishmentId} AND day = ${day}::date`.execute(
    trx,
  );
  await sql`
    INSERT INTO device_idle_streaks (tenant_id, establishment_id, day, streak, device_id, in_service_here, first_obsolete)
    SELECT ${tenantId}, ${establishmentId}, ${day}::date, f.streak, f.device_id, ${deviceState(tenantId, establishmentId, sql`f.device_id`)}
    FROM (${freshStreaks(tenantId, establishmentId, day)}) f`.execute(trx);
}

/**
 * Rewrites every streak of an establishment from `from` on in one statement, once a recompute has
 * rewritten several days' decisions: the chain's idle days numbered per device as runs (gaps and
 * islands, as migration 0040's backfill), the run through the first chain day carrying on from the
 * streak stored on the chain day before `from`. recomputeFrom after each day would rewrite the later
 * days once per day recomputed (D²/2 for D days); this writes only the rows that differ. Under
 * establishmentPeriods.lockEstablishment. Returns the rows removed and added.
 */
export async function recomputeRange(trx: Trx, tenantId: string, establishmentId: string, from: string) {
  const r = await sql<{ removed: number; added: number }>`
    WITH chain AS (
      SELECT day, row_number() OVER (ORDER BY day) AS k FROM (${chainFrom(tenantId, establishmentId, from)}) c
    ), base AS (
      SELECT device_id, streak FROM device_idle_streaks
      WHERE tenant_id = ${tenantId} AND establishment_id = ${establishmentId}
        AND day = (SELECT max(day) FROM establishment_days
                   WHERE tenant_id = ${tenantId} AND establishment_id = ${establishmentId} AND dimension = 'all' AND value = 'all'
                     AND school_day AND NOT outage AND day < ${from}::date)
    ), idle AS (
      SELECT a.device_id, a.day, c.k, c.k - row_number() OVER (PARTITION BY a.device_id ORDER BY c.k) AS island
      FROM device_activity a JOIN chain c ON c.day = a.day
      WHERE a.tenant_id = ${tenantId} AND a.establishment_id = ${establishmentId} AND a.day >= ${from}::date AND a.in_service AND NOT a.active
    ), fresh AS (
      -- island 0: the run holds the first chain day of the range, so it goes on from the stored streak.
      SELECT i.day, i.device_id,
             row_number() OVER (PARTITION BY i.device_id, i.island ORDER BY i.k) + CASE WHEN i.island = 0 THEN COALESCE(b.streak, 0) ELSE 0 END AS streak
      FROM idle i LEFT JOIN base b ON b.device_id = i.device_id
    ), compared AS MATERIALIZED (
      -- Fresh streaks against the stored ones in one join: what only the store holds goes, what only
      -- the fresh ones hold comes (one hashing of each side, not one anti-join per direction).
      SELECT f.day, f.device_id, f.streak, s.day AS old_day, s.device_id AS old_device_id, s.streak AS old_streak
      FROM fresh f
      FULL JOIN (SELECT day, device_id, streak FROM device_idle_streaks
                 WHERE tenant_id = ${tenantId} AND establishment_id = ${establishmentId} AND day >= ${from}::date) s
        ON s.day = f.day AND s.device_id = f.device_id AND s.streak = f.streak
    ), removed AS (
      DELETE FROM device_idle_streaks s USING compared c
      WHERE s.tenant_id = ${tenantId} AND s.establishment_id = ${establishmentId} AND s.day >= ${from}::date
        AND c.day IS NULL AND s.day = c.old_day AND s.streak = c.old_streak AND s.device_id = c.old_device_id
      RETURNING 1
    ), added AS (
      -- Both sides read the snapshot before this statement: a device's old row goes, its new one (another key) comes.
      INSERT INTO device_idle_streaks (tenant_id, establishment_id, day, streak, device_id, in_service_here, first_obsolete)
      SELECT ${tenantId}, ${establishmentId}, c.day, c.streak, c.device_id, ${deviceState(tenantId, establishmentId, sql`c.device_id`)}
      FROM compared c WHERE c.old_day IS NULL
      ORDER BY c.day, c.streak, c.device_id
      RETURNING 1
    )
    SELECT (SELECT count(*) FROM removed)::int AS removed, (SELECT count(*) FROM added)::int AS added`.execute(trx);
  return r.rows[0]!;
}
