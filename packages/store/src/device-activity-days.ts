import { sql } from 'kysely';
import type { CartSessionCounts } from './cart-days.ts';
import { lockAllUntilCommit, type Trx } from './db.ts';
import { heldOnDays } from './device-as-of.ts';
import { DECISION_COLUMNS, DECISION_UPDATE, decisionRule, decisionTuple, type ActivityThresholds } from './device-decision-rule.ts';

/** Calendar facts of one local day of a several-day recompute (as ActivityFacts, the night mask apart). */
export interface DayActivityFacts {
  day: string;
  schoolDay: boolean;
  lessonMask: string;
  useFrom: string;
  /** bit(96) literals: lesson-hour slots of the morning and the afternoon with classes (cartDays.sessionCounts). */
  morning: string;
  afternoon: string;
}

/** lockEstablishmentDay for several days at once, in day order (as every rollup takes them). */
export async function lockEstablishmentDays(trx: Trx, tenantId: string, establishmentId: string, days: readonly string[]) {
  await lockAllUntilCommit(
    trx,
    days.map((day) => `rollup:${tenantId}:${establishmentId}:${day}`),
  );
}

const COLUMNS = sql.raw(DECISION_COLUMNS.join(', '));
const STORED = sql.raw(DECISION_COLUMNS.map((c) => `a.${c} AS old_${c}`).join(', '));
const STORED_TUPLE = sql.raw(`(${DECISION_COLUMNS.map((c) => `c.old_${c}`).join(', ')})`);

/** Per day of a recompute, as reportingCounts counts them after it: the outage inputs. */
export interface DayReporting {
  day: string;
  reporting: number;
  silent: number;
}

/**
 * recompute (device-activity.ts) for several whole days of one establishment in one statement: the
 * same rule (device-decision-rule.ts), the devices, their sources and their device-days read once,
 * the use classes asked per day. It also counts, per day, what reportingCounts and
 * cartDays.sessionCounts would count on what it wrote, from the decisions and the device-days it
 * read anyway (the 7 days before the first one included): no second reading of either.
 * test/rollup/recompute-days.test.ts holds it equal to the day-by-day rollup.
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
  if (facts.length === 0) return { devices: 0, written: 0, removed: 0, reporting: [] as DayReporting[], carts: [] as CartSessionCounts[] };
  const days = facts.map((f) => f.day);
  const [first, last] = [days.reduce((a, b) => (a < b ? a : b)), days.reduce((a, b) => (a > b ? a : b))];
  const rule = decisionRule({ day: sql`f.day`, schoolDay: sql`f.school_day`, lessonMask: sql`f.lesson_mask` }, nightMask, timeZone, t);
  // Bit masks over the days asked (use) and over the days from first - 7 (device-days read):
  // per device one row of bits, not one row per device-day.
  const none = sql`repeat('0', ${facts.length}::int)::varbit`;
  const span = sql`repeat('0', (${last}::date - ${first}::date + 8))::varbit`;
  const result = await sql<{ devices: number; written: number; removed: number; reporting: DayReporting[]; carts: CartSessionCounts[] }>`
    WITH f AS MATERIALIZED (
      SELECT f.*, f.i::int - 1 AS k FROM unnest(${days}::date[], ${facts.map((f) => f.schoolDay)}::boolean[],
        ${facts.map((f) => f.lessonMask)}::bit(96)[], ${facts.map((f) => f.useFrom)}::date[], ${facts.map((f) => f.morning)}::bit(96)[],
        ${facts.map((f) => f.afternoon)}::bit(96)[]) WITH ORDINALITY AS f(day, school_day, lesson_mask, use_from, morning, afternoon, i)
    ), held AS MATERIALIZED (
      -- The establishment's devices as they stood on the days (device_history): once for a device
      -- unchanged since the first day (day null), per day for one changed since.
      SELECT * FROM ${heldOnDays(tenantId, establishmentId, days)} d
    ), placed AS MATERIALIZED (
      -- The devices with their sources, by each device's key (OFFSET 0 keeps it so): joined as a
      -- whole, the planner read the sources of every device of the tenant, twice. The LATERALs name
      -- the tenant as a constant: Citus does not carry d.tenant_id into them and ran the statement on
      -- every shard. A device re-kinded within the days is in each of its classes.
      SELECT d.id, d.kind, ds.source_id FROM (SELECT DISTINCT id, kind FROM held) d
      CROSS JOIN LATERAL (SELECT source_id FROM device_sources ds WHERE ds.tenant_id = ${tenantId} AND ds.device_id = d.id OFFSET 0) ds
    ), use_classes AS MATERIALIZED (
      -- As in recompute: each (source, kind) class asked once per day, stopping at its first device-day
      -- with use; per class, the days it carried use as bits of f.
      SELECT c.source_id, c.kind, bit_or(set_bit(${none}, f.k, 1)) AS days FROM f CROSS JOIN (SELECT DISTINCT source_id, kind FROM placed) c
      WHERE EXISTS (
        SELECT 1 FROM placed p
        JOIN device_days dd ON dd.tenant_id = ${tenantId} AND dd.device_id = p.id AND dd.day BETWEEN f.use_from AND f.day
        WHERE p.source_id = c.source_id AND p.kind = c.kind AND (dd.measured_seconds IS NOT NULL OR dd.usage_seconds > 0))
      GROUP BY c.source_id, c.kind
    ), uses AS MATERIALIZED (
      -- Per device and kind, the days one of its classes carried use.
      SELECT p.id AS device_id, p.kind, bit_or(c.days) AS days FROM use_classes c
      JOIN placed p ON p.source_id = c.source_id AND p.kind = c.kind GROUP BY p.id, p.kind
    ), dds AS MATERIALIZED (
      -- The device-days of the establishment's devices from 7 days before the first day, a range of
      -- each device's key (OFFSET 0 keeps it so): joined as a whole, the planner hashed every
      -- device-day of the tenant.
      SELECT dd.* FROM (SELECT DISTINCT id FROM held) d
      CROSS JOIN LATERAL (SELECT * FROM device_days dd WHERE dd.tenant_id = ${tenantId} AND dd.device_id = d.id
                          AND dd.day BETWEEN ${first}::date - 7 AND ${last}::date OFFSET 0) dd
    ), seen AS MATERIALIZED (
      -- Per device, the days it reported on (any device-day), bit k = first - 7 + k.
      SELECT device_id, bit_or(set_bit(${span}, day - (${first}::date - 7), 1)) AS days FROM dds GROUP BY device_id
    ), decided AS MATERIALIZED (
      SELECT ${tenantId}::uuid AS tenant_id, ${establishmentId}::uuid AS establishment_id, f.day, d.id AS device_id,
        ${rule.columns},
        -- reportingCounts' "reported on one of the 7 previous days": bits day - 7 .. day - 1.
        COALESCE(bit_count(substring(sn.days FROM f.day - ${first}::date + 1 FOR 7)) > 0, false) AS reported,
        bit_count(dd.session_starts & f.morning) > 0 AS started_morning, bit_count(dd.session_starts & f.afternoon) > 0 AS started_afternoon
      FROM f JOIN held d ON d.day IS NULL OR d.day = f.day
      LEFT JOIN dds dd ON dd.device_id = d.id AND dd.day = f.day
      ${rule.measures}
      LEFT JOIN uses uu ON uu.device_id = d.id AND uu.kind = d.kind
      CROSS JOIN LATERAL (SELECT COALESCE(get_bit(uu.days, f.k) = 1, false) AS use_available) u
      ${rule.signal}
      LEFT JOIN seen sn ON sn.device_id = d.id
      WHERE s.in_service OR dd.device_id IS NOT NULL
    ), compared AS MATERIALIZED (
      -- Decisions against the stored ones in one join: what differs is written, what is no longer
      -- decided is removed. The range names the key's days as constants.
      SELECT x.*, a.day AS old_day, a.device_id AS old_device_id, ${STORED} FROM decided x
      FULL JOIN (SELECT * FROM device_activity a WHERE a.tenant_id = ${tenantId} AND a.establishment_id = ${establishmentId}
                 AND a.day BETWEEN ${first}::date AND ${last}::date AND a.day = ANY(${days}::date[])) a
        ON a.day = x.day AND a.device_id = x.device_id
    ), written AS (
      -- Compare first, write only what differs (see recompute).
      INSERT INTO device_activity AS a (tenant_id, establishment_id, day, device_id, ${COLUMNS})
      SELECT tenant_id, establishment_id, day, device_id, ${COLUMNS} FROM compared c
      WHERE c.device_id IS NOT NULL AND (c.old_device_id IS NULL OR ${STORED_TUPLE} IS DISTINCT FROM ${decisionTuple('c')})
      ORDER BY day, device_id
      ON CONFLICT (tenant_id, establishment_id, day, device_id) DO UPDATE SET ${DECISION_UPDATE}
      RETURNING 1
    ), removed AS (
      DELETE FROM device_activity a USING compared c
      WHERE a.tenant_id = ${tenantId} AND a.establishment_id = ${establishmentId} AND a.day BETWEEN ${first}::date AND ${last}::date
        AND c.device_id IS NULL AND a.day = c.old_day AND a.device_id = c.old_device_id
      RETURNING 1
    ), reporting AS (
      SELECT f.day::text AS day, count(x.device_id) FILTER (WHERE x.in_service AND x.reported)::int AS reporting,
             count(x.device_id) FILTER (WHERE x.in_service AND x.reported AND NOT x.online)::int AS silent
      FROM f LEFT JOIN decided x ON x.day = f.day GROUP BY f.day
    ), carts AS (
      SELECT day, cart_id, count(*) FILTER (WHERE in_service)::int AS devices, count(*) FILTER (WHERE in_service AND active)::int AS active_devices,
             count(*) FILTER (WHERE in_service AND started_morning)::int AS morning_starters,
             count(*) FILTER (WHERE in_service AND started_afternoon)::int AS afternoon_starters
      FROM decided WHERE cart_id IS NOT NULL GROUP BY day, cart_id
    )
    SELECT (SELECT count(*) FROM decided)::int AS devices, (SELECT count(*) FROM written)::int AS written,
           (SELECT count(*) FROM removed)::int AS removed,
           (SELECT json_agg(json_build_object('day', day, 'reporting', reporting, 'silent', silent)) FROM reporting) AS reporting,
           (SELECT COALESCE(json_agg(json_build_object('day', day::text, 'cart_id', cart_id, 'devices', devices, 'active_devices', active_devices,
              'morning_starters', morning_starters, 'afternoon_starters', afternoon_starters) ORDER BY day, cart_id), '[]') FROM carts) AS carts`.execute(
    trx,
  );
  return result.rows[0]!;
}
