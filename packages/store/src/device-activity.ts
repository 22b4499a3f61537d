import { sql } from 'kysely';
import { lockUntilCommit, type Db, type Trx } from './db.ts';
import { heldOn, heldOnDays } from './device-as-of.ts';
import { DECISION_COLUMNS, DECISION_UPDATE, decisionRule, decisionTuple, type ActivityThresholds } from './device-decision-rule.ts';

/** Calendar facts of one local day, computed by @vigie/rollup and passed in as plain values. */
export interface ActivityFacts {
  day: string;
  schoolDay: boolean;
  /** bit(96) literals: lesson-hour slots of the day, and the night slots of the charging pattern. */
  lessonMask: string;
  nightMask: string;
  /** First day of the window in which a use signal of a device's class makes use signals available (@vigie/rollup useWindowStart). */
  useFrom: string;
}

export type { ActivityThresholds };
export { lockEstablishmentDays, recomputeDays, type DayActivityFacts } from './device-activity-days.ts';

/**
 * Serialises the rollups of one establishment-day until the transaction ends: two jobs for the
 * same day (a late batch while the first runs) then take turns instead of interleaving writes.
 */
export async function lockEstablishmentDay(trx: Trx, tenantId: string, establishmentId: string, day: string) {
  await lockUntilCommit(trx, `rollup:${tenantId}:${establishmentId}:${day}`);
}

const COLUMNS = sql.raw(DECISION_COLUMNS.join(', '));

/**
 * Rewrites the activity decision of every device of an establishment on a local day: the devices in
 * service there, and any other of its devices with data that day, by the rule of
 * device-decision-rule.ts; test/rollup/rollup-day.test.ts holds it equal to @vigie/rollup
 * decideActivity. Only decisions that changed are written (late data for one device-day writes one
 * row), and devices gone are removed.
 */
export async function recompute(
  trx: Trx,
  tenantId: string,
  establishmentId: string,
  timeZone: string,
  f: ActivityFacts,
  t: ActivityThresholds,
  onlyDevices: string[] | null = null,
) {
  // Only some devices: theirs are the only decisions that can have changed, and no other row goes;
  // but their use may make use signals available for others, so devices judged on presence are
  // decided again too (availability only grows with data: no other decision can move).
  const only = onlyDevices
    ? sql`AND (d.id = ANY(${onlyDevices}::uuid[]) OR d.id IN (SELECT p.device_id FROM device_activity p
    WHERE p.tenant_id = ${tenantId} AND p.establishment_id = ${establishmentId} AND p.day = ${f.day}::date AND NOT p.judged_on_use))`
    : sql``;
  const rule = decisionRule(
    { day: sql`${f.day}::date`, schoolDay: sql`${f.schoolDay}::boolean`, lessonMask: sql`${f.lessonMask}::bit(96)` },
    f.nightMask,
    timeZone,
    t,
  );
  const result = await sql<{ devices: number; written: number; removed: number }>`
    WITH held AS MATERIALIZED (
      -- The establishment's devices as they stood that day (device_history): a recompute after a
      -- retirement or a move decides the day as it was.
      SELECT * FROM ${heldOnDays(tenantId, establishmentId, [f.day])} d
    ), classes AS MATERIALIZED (
      SELECT DISTINCT ds.source_id, d.kind
      FROM held d JOIN device_sources ds ON ds.tenant_id = ${tenantId} AND ds.device_id = d.id
    ), use_classes AS MATERIALIZED (
      -- (source, kind) of the establishment's devices that carried use in the window: their source
      -- delivers use for that class of device. Asked per class (a handful), stopping at the first
      -- device-day with use, rather than reading every device's window and then keeping the distinct
      -- classes; MATERIALIZED, so the per-device probe below reads the result, not the query again.
      SELECT c.source_id, c.kind FROM classes c
      WHERE EXISTS (
        SELECT 1 FROM held d
        JOIN device_sources ds ON ds.tenant_id = ${tenantId} AND ds.device_id = d.id AND ds.source_id = c.source_id
        JOIN device_days dd ON dd.tenant_id = ${tenantId} AND dd.device_id = d.id AND dd.day BETWEEN ${f.useFrom}::date AND ${f.day}::date
        WHERE d.kind = c.kind
          AND (dd.measured_seconds IS NOT NULL OR dd.usage_seconds > 0))
    ), decided AS (
      SELECT ${tenantId}::uuid AS tenant_id, ${establishmentId}::uuid AS establishment_id, ${f.day}::date AS day, d.id AS device_id,
        ${rule.columns}
      FROM held d
      -- The tenant as a constant on the outer join and in the correlated probe (not d.tenant_id, which
      -- the planner does not carry across them): on Citus the whole statement is then routed to the
      -- tenant's shard, instead of planned across shards, which it cannot do with these LATERALs.
      LEFT JOIN device_days dd ON dd.tenant_id = ${tenantId} AND dd.device_id = d.id AND dd.day = ${f.day}::date
      ${rule.measures}
      CROSS JOIN LATERAL (SELECT EXISTS (SELECT 1 FROM device_sources ds JOIN use_classes c ON c.source_id = ds.source_id AND c.kind = d.kind
                                         WHERE ds.tenant_id = ${tenantId} AND ds.device_id = d.id) AS use_available) u
      ${rule.signal}
      WHERE (s.in_service OR dd.device_id IS NOT NULL) ${only}
    ), changed AS (
      -- Compare first, write only what differs: an upsert that changes nothing would still lock, and
      -- so rewrite, every row.
      -- The day's decisions named by constants, not through the CTE's columns (which the planner
      -- cannot see are constant): a range of the key, not a scan of every establishment's days.
      SELECT x.* FROM decided x
      LEFT JOIN device_activity a ON a.tenant_id = ${tenantId} AND a.establishment_id = ${establishmentId} AND a.day = ${f.day}::date
        AND a.device_id = x.device_id
      WHERE a.device_id IS NULL OR ${decisionTuple('a')} IS DISTINCT FROM ${decisionTuple('x')}
    ), written AS (
      INSERT INTO device_activity AS a (tenant_id, establishment_id, day, device_id, ${COLUMNS})
      SELECT tenant_id, establishment_id, day, device_id, ${COLUMNS} FROM changed ORDER BY device_id
      ON CONFLICT (tenant_id, establishment_id, day, device_id) DO UPDATE SET ${DECISION_UPDATE}
      RETURNING 1
    ), removed AS (
      DELETE FROM device_activity a WHERE a.tenant_id = ${tenantId} AND a.establishment_id = ${establishmentId} AND a.day = ${f.day}::date
        -- NOT IN over a non-null column: one hashed set, not a scan of the CTE per row.
        AND a.device_id NOT IN (SELECT device_id FROM decided) AND ${onlyDevices === null}
      RETURNING 1
    )
    SELECT (SELECT count(*) FROM decided)::int AS devices, (SELECT count(*) FROM written)::int AS written,
           (SELECT count(*) FROM removed)::int AS removed`.execute(trx);
  return result.rows[0]!;
}

/**
 * Devices listed in service at an establishment without a decision for the day: placed there since
 * the day was first rolled up. A partial recompute adds them, so it counts the same devices in
 * service as a full one.
 */
export async function undecided(trx: Trx, tenantId: string, establishmentId: string, timeZone: string, day: string): Promise<string[]> {
  const r = await sql<{ id: string }>`
    SELECT d.id FROM devices d
    WHERE d.tenant_id = ${tenantId} AND d.establishment_id = ${establishmentId}
      AND d.status = 'in_service' AND d.assignment IS DISTINCT FROM 'stock'
      AND COALESCE(d.acquired_on, (d.first_seen AT TIME ZONE ${timeZone})::date) <= ${day}::date
      -- NOT IN over a non-null column: one hashed set of the day's decisions. As NOT EXISTS, with
      -- the day's rows underestimated, the planner compared every device with every decision.
      AND d.id NOT IN (SELECT a.device_id FROM device_activity a WHERE a.tenant_id = ${tenantId} AND a.establishment_id = ${establishmentId}
                       AND a.day = ${day}::date)`.execute(trx);
  return r.rows.map((x) => x.id);
}

/**
 * Days of their establishment on which these devices count in service but which were, or are being,
 * rolled up without them: placed there (or put in service) after those days' rollups read the
 * devices. Without a mark, a day no later data touches would leave them out for good (an
 * inventory-only day). A rollup in flight still has its mark (it clears it when it commits, with
 * its rows): renewing the mark makes it run again, so every snapshot sees one or the other.
 */
export async function undecidedDays(trx: Trx, tenantId: string, deviceIds: string[]) {
  if (deviceIds.length === 0) return [];
  const r = await sql<{ device_id: string; establishment_id: string; day: string }>`
    WITH placed AS (
      -- From acquisition, and from the day it last came to be in service here (device_history): the
      -- rollup does not decide it on days it was elsewhere or out of service, which would be marked
      -- again by every inventory. GREATEST skips a null (never elsewhere).
      SELECT d.id, d.establishment_id, GREATEST(COALESCE(d.acquired_on, (d.first_seen AT TIME ZONE e.time_zone)::date), here.since) AS since
      FROM devices d JOIN establishments e ON e.tenant_id = d.tenant_id AND e.id = d.establishment_id
      CROSS JOIN LATERAL (
        SELECT min(x.valid_on) AS since FROM device_history x
        WHERE x.tenant_id = ${tenantId} AND x.device_id = d.id AND x.valid_on > (
          SELECT max(y.valid_on) FROM device_history y WHERE y.tenant_id = ${tenantId} AND y.device_id = d.id
            AND (y.establishment_id IS DISTINCT FROM d.establishment_id OR y.status <> 'in_service' OR y.assignment IS NOT DISTINCT FROM 'stock'))) here
      WHERE d.tenant_id = ${tenantId} AND d.id = ANY(${deviceIds}::uuid[]) AND d.status = 'in_service' AND d.assignment IS DISTINCT FROM 'stock'
    )
    SELECT p.id AS device_id, ed.establishment_id, ed.day::text AS day
    FROM placed p JOIN establishment_days ed ON ed.tenant_id = ${tenantId} AND ed.establishment_id = p.establishment_id
      AND ed.dimension = 'all' AND ed.value = 'all' AND ed.day >= p.since
    WHERE NOT EXISTS (SELECT 1 FROM device_activity a WHERE a.tenant_id = ${tenantId} AND a.establishment_id = ed.establishment_id
                      AND a.day = ed.day AND a.device_id = p.id)
    UNION
    SELECT p.id, m.establishment_id, m.day::text
    FROM placed p JOIN rollup_dirty m ON m.tenant_id = ${tenantId} AND m.establishment_id = p.establishment_id AND m.day >= p.since
    ORDER BY 2, 3, 1`.execute(trx);
  return r.rows.map((x) => ({ deviceId: x.device_id, establishmentId: x.establishment_id, day: x.day }));
}

/**
 * Establishment-days holding a decision of these devices that no longer matches their placement on
 * that day: the establishment their history gives for the day (device_history), the cart they have
 * now where they are at the same establishment. A move today leaves the past days where they were
 * (the rollup reads the same history); an inventory that places a device for the first time
 * rewrites where it was from its first sighting, and a cart change moves its past days. Those days
 * are redone whole (the stale decision is removed, a partial rollup never removes one); the new
 * establishment's days are undecidedDays'.
 */
export async function displacedDays(trx: Trx, tenantId: string, deviceIds: string[]): Promise<EstablishmentDay[]> {
  if (deviceIds.length === 0) return [];
  // Every sync sends every inventory again, and a device rarely moves: only a device whose latest
  // decision is elsewhere (one probe of device_activity_device each) has its history read. Once
  // its stale days are redone no decision is elsewhere, and until then they are already dirty.
  const r = await sql<{ establishment_id: string; day: string }>`
    WITH moved AS (
      SELECT d.id, d.establishment_id, d.cart_id FROM devices d
      CROSS JOIN LATERAL (SELECT a.establishment_id, a.cart_id FROM device_activity a
                          WHERE a.tenant_id = ${tenantId} AND a.device_id = d.id ORDER BY a.day DESC LIMIT 1) latest
      WHERE d.tenant_id = ${tenantId} AND d.id = ANY(${deviceIds}::uuid[])
        AND (latest.establishment_id IS DISTINCT FROM d.establishment_id OR latest.cart_id IS DISTINCT FROM d.cart_id)
    )
    SELECT DISTINCT a.establishment_id, a.day::text AS day
    FROM device_activity a JOIN moved m ON a.device_id = m.id
    CROSS JOIN LATERAL (${heldOn(tenantId, sql`a.device_id`, sql`a.day`)}) h
    WHERE a.tenant_id = ${tenantId}
      AND (a.establishment_id IS DISTINCT FROM h.establishment_id
           OR a.cart_id IS DISTINCT FROM CASE WHEN h.establishment_id = m.establishment_id THEN m.cart_id END)
    ORDER BY 1, 2`.execute(trx);
  return r.rows.map((x) => ({ establishmentId: x.establishment_id, day: x.day }));
}

/**
 * Outage inputs per day: devices in service that reported on one of the 7 previous days, and how
 * many of them are silent on that one (a row for every day asked, zeros included).
 */
export async function reportingCounts(trx: Trx, tenantId: string, establishmentId: string, days: readonly string[]) {
  const r = await sql<{ day: string; reporting: number; silent: number }>`
    SELECT k.day::text AS day, c.reporting, c.silent FROM unnest(${days}::date[]) AS k(day)
    CROSS JOIN LATERAL (
      SELECT count(*)::int AS reporting, count(*) FILTER (WHERE NOT a.online)::int AS silent
      FROM device_activity a
      WHERE a.tenant_id = ${tenantId} AND a.establishment_id = ${establishmentId} AND a.day = k.day AND a.in_service
        -- OFFSET 0 keeps this a per-device probe of device_days' key: as a semi-join, with stale
        -- statistics, the planner scanned the whole tenant's week once per device (30x slower).
        AND EXISTS (SELECT 1 FROM device_days dd WHERE dd.tenant_id = ${tenantId} AND dd.device_id = a.device_id
                    AND dd.day BETWEEN k.day - 7 AND k.day - 1 OFFSET 0)) c`.execute(trx);
  return new Map(r.rows.map((x) => [x.day, { reporting: x.reporting, silent: x.silent }]));
}

/** One device's decisions over a range, newest first. */
export async function listForDevice(db: Db, tenantId: string, deviceId: string, range: { from: string; to: string }) {
  const r = await sql<{
    day: string;
    school_day: boolean;
    in_service: boolean;
    active: boolean;
    signal: string;
    active_seconds: number;
    inferred_seconds: number;
    judged_on_use: boolean;
    presence_active: boolean;
  }>`
    SELECT day, school_day, in_service, active, signal, active_seconds, inferred_seconds, judged_on_use, presence_active FROM device_activity
    WHERE tenant_id = ${tenantId} AND device_id = ${deviceId} AND day BETWEEN ${range.from}::date AND ${range.to}::date
    ORDER BY day DESC`.execute(db);
  return r.rows;
}

export interface EstablishmentDay {
  establishmentId: string;
  day: string;
}

/**
 * The decisions of the devices the rollup judged in service on these establishment-days: what the
 * idle alert reads, so it is the rollup's "active" and nothing else.
 */
export async function inServiceDecisions(db: Db, tenantId: string, days: readonly EstablishmentDay[]) {
  if (days.length === 0) return [];
  const r = await sql<{ establishment_id: string; day: string; device_id: string; active: boolean }>`
    SELECT a.establishment_id, a.day::text AS day, a.device_id, a.active
    FROM unnest(${days.map((d) => d.establishmentId)}::uuid[], ${days.map((d) => d.day)}::date[]) AS w(establishment_id, day)
    JOIN device_activity a ON a.tenant_id = ${tenantId} AND a.establishment_id = w.establishment_id AND a.day = w.day
    WHERE a.in_service`.execute(db);
  return r.rows;
}
