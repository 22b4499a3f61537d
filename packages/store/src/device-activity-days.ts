import { sql } from 'kysely';
import { lockAllUntilCommit, type Trx } from './db.ts';
import { DECISION_COLUMNS, DECISION_UPDATE, decisionRule, decisionTuple, type ActivityThresholds } from './device-decision-rule.ts';

/** Calendar facts of one local day of a several-day recompute (as ActivityFacts, the night mask apart). */
export interface DayActivityFacts {
  day: string;
  schoolDay: boolean;
  lessonMask: string;
  useFrom: string;
}

/** lockEstablishmentDay for several days at once, in day order (as every rollup takes them). */
export async function lockEstablishmentDays(trx: Trx, tenantId: string, establishmentId: string, days: readonly string[]) {
  await lockAllUntilCommit(
    trx,
    days.map((day) => `rollup:${tenantId}:${establishmentId}:${day}`),
  );
}

const COLUMNS = sql.raw(DECISION_COLUMNS.join(', '));

/**
 * recompute (device-activity.ts) for several whole days of one establishment in one statement: the
 * same rule (device-decision-rule.ts), the devices and their sources read once, the use classes
 * asked per day. A recompute of a month is then one pass instead of one round of statements per
 * day; test/rollup/recompute-days.test.ts holds it equal to the day-by-day rollup.
 */
export async function recomputeDays(
  trx: Trx,
  tenantId: string,
  establishmentId: string,
  timeZone: string,
  facts: readonly DayActivityFacts[],
  nightMask: string,
  t: ActivityThresholds,
) {
  if (facts.length === 0) return { devices: 0, written: 0, removed: 0 };
  const days = facts.map((f) => f.day);
  const [first, last] = [days.reduce((a, b) => (a < b ? a : b)), days.reduce((a, b) => (a > b ? a : b))];
  const rule = decisionRule({ day: sql`f.day`, schoolDay: sql`f.school_day`, lessonMask: sql`f.lesson_mask` }, nightMask, timeZone, t);
  const result = await sql<{ devices: number; written: number; removed: number }>`
    WITH f AS MATERIALIZED (
      SELECT * FROM unnest(${days}::date[], ${facts.map((f) => f.schoolDay)}::boolean[], ${facts.map((f) => f.lessonMask)}::bit(96)[],
                           ${facts.map((f) => f.useFrom)}::date[]) AS f(day, school_day, lesson_mask, use_from)
    ), placed AS MATERIALIZED (
      -- The establishment's devices with their sources, by each device's key (OFFSET 0 keeps it so):
      -- joined as a whole, the planner read the sources of every device of the tenant, twice.
      SELECT d.id, d.kind, ds.source_id FROM devices d
      CROSS JOIN LATERAL (SELECT source_id FROM device_sources ds WHERE ds.tenant_id = d.tenant_id AND ds.device_id = d.id OFFSET 0) ds
      WHERE d.tenant_id = ${tenantId} AND d.establishment_id = ${establishmentId}
    ), use_classes AS MATERIALIZED (
      -- As in recompute: each (source, kind) class asked once per day, stopping at its first device-day with use.
      SELECT f.day, c.source_id, c.kind FROM f CROSS JOIN (SELECT DISTINCT source_id, kind FROM placed) c
      WHERE EXISTS (
        SELECT 1 FROM placed p
        JOIN device_days dd ON dd.tenant_id = ${tenantId} AND dd.device_id = p.id AND dd.day BETWEEN f.use_from AND f.day
        WHERE p.source_id = c.source_id AND p.kind = c.kind AND (dd.measured_seconds IS NOT NULL OR dd.usage_seconds > 0))
    ), uses AS MATERIALIZED (
      -- Per device, the days its class carried use: one row per device, not an EXISTS per device-day
      -- (the rule reads use_available several times, and each reading ran its own probe).
      SELECT p.id AS device_id, array_agg(DISTINCT c.day) AS days FROM use_classes c
      JOIN placed p ON p.source_id = c.source_id AND p.kind = c.kind GROUP BY p.id
    ), dds AS MATERIALIZED (
      -- The device-days of the establishment's devices on these days, a range of each device's key
      -- (OFFSET 0 keeps it so): joined as a whole, the planner hashed every device-day of the tenant.
      SELECT dd.* FROM devices d
      CROSS JOIN LATERAL (SELECT * FROM device_days dd WHERE dd.tenant_id = d.tenant_id AND dd.device_id = d.id
                          AND dd.day BETWEEN ${first}::date AND ${last}::date OFFSET 0) dd
      WHERE d.tenant_id = ${tenantId} AND d.establishment_id = ${establishmentId} AND dd.day = ANY(${days}::date[])
    ), decided AS (
      SELECT ${tenantId}::uuid AS tenant_id, ${establishmentId}::uuid AS establishment_id, f.day, d.id AS device_id,
        ${rule.columns}
      FROM f CROSS JOIN devices d
      LEFT JOIN dds dd ON dd.device_id = d.id AND dd.day = f.day
      ${rule.measures}
      LEFT JOIN uses uu ON uu.device_id = d.id
      CROSS JOIN LATERAL (SELECT COALESCE(f.day = ANY(uu.days), false) AS use_available) u
      ${rule.signal}
      WHERE d.tenant_id = ${tenantId} AND d.establishment_id = ${establishmentId} AND (s.in_service OR dd.device_id IS NOT NULL)
    ), changed AS (
      -- Compare first, write only what differs (see recompute); the range names the key's days as constants.
      SELECT x.* FROM decided x
      LEFT JOIN device_activity a ON a.tenant_id = ${tenantId} AND a.establishment_id = ${establishmentId}
        AND a.day BETWEEN ${first}::date AND ${last}::date AND a.day = x.day AND a.device_id = x.device_id
      WHERE a.device_id IS NULL OR ${decisionTuple('a')} IS DISTINCT FROM ${decisionTuple('x')}
    ), written AS (
      INSERT INTO device_activity AS a (tenant_id, establishment_id, day, device_id, ${COLUMNS})
      SELECT tenant_id, establishment_id, day, device_id, ${COLUMNS} FROM changed ORDER BY day, device_id
      ON CONFLICT (tenant_id, establishment_id, day, device_id) DO UPDATE SET ${DECISION_UPDATE}
      RETURNING 1
    ), removed AS (
      DELETE FROM device_activity a WHERE a.tenant_id = ${tenantId} AND a.establishment_id = ${establishmentId}
        AND a.day = ANY(${days}::date[])
        AND NOT EXISTS (SELECT 1 FROM decided x WHERE x.day = a.day AND x.device_id = a.device_id)
      RETURNING 1
    )
    SELECT (SELECT count(*) FROM decided)::int AS devices, (SELECT count(*) FROM written)::int AS written,
           (SELECT count(*) FROM removed)::int AS removed`.execute(trx);
  return result.rows[0]!;
}
