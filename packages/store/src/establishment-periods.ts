import { sql, type Selectable } from 'kysely';
import { lockUntilCommit, type Db, type Trx } from './db.ts';
import type { EstablishmentPeriodsTable } from './rollup-tables.ts';
import type { EstablishmentsTable } from './tables.ts';

export interface PeriodSpan {
  granularity: 'week' | 'month' | 'school_year';
  start: string;
  end: string;
  /** Count distinct devices reached (costly over a school year on every late arrival). */
  withReach: boolean;
}

const ASSIGNMENT = sql`COALESCE(assignment, 'unassigned')`;
const END = sql`CASE granularity WHEN 'week' THEN period_start + 6
  WHEN 'month' THEN (period_start + interval '1 month' - interval '1 day')::date
  ELSE (period_start + interval '1 year' - interval '1 day')::date END`;

/**
 * Serialises the period rewrites of one establishment until the transaction ends. Rollups of two
 * days of one week run at once: each waits here for the other's periods to commit, then deletes and
 * sums what that one wrote. Without it the second DELETE waited on rows the first replaced, found
 * none it could see, and its INSERT failed on the first's new rows.
 */
export async function lockEstablishment(trx: Trx, tenantId: string, establishmentId: string) {
  await lockUntilCommit(trx, lockKey(tenantId, establishmentId));
}

/** The name of lockEstablishment's lock, also taken by 0073's triggers and by the writers of obsolescence flags. */
export const lockKey = (tenantId: string, establishmentId: string) => `periods:${tenantId}:${establishmentId}`;

/** Rewrites an establishment's period sums from its school days, with reach from device decisions (under lockEstablishment). */
export async function recompute(trx: Trx, tenantId: string, establishmentId: string, p: PeriodSpan) {
  await recomputeAll(trx, tenantId, establishmentId, [p]);
}

/** recompute for several periods in two statements (a recompute touches a dozen: weeks, months, the school year). */
export async function recomputeAll(trx: Trx, tenantId: string, establishmentId: string, periods: readonly PeriodSpan[]) {
  if (periods.length === 0) return;
  const spans = sql`unnest(${periods.map((p) => p.granularity)}::text[], ${periods.map((p) => p.start)}::date[],
    ${periods.map((p) => p.end)}::date[], ${periods.map((p) => p.withReach)}::boolean[]) AS p(granularity, start, stop, with_reach)`;
  // Two statements: a DELETE in a WITH of the INSERT may run after it, which then meets the old keys.
  await sql`
    DELETE FROM establishment_periods e USING ${spans}
    WHERE e.tenant_id = ${tenantId} AND e.establishment_id = ${establishmentId} AND e.granularity = p.granularity AND e.period_start = p.start`.execute(
    trx,
  );
  await sql`
    INSERT INTO establishment_periods (tenant_id, establishment_id, granularity, period_start, dimension, value, school_days,
      in_service_device_days, active_device_days, active_measured, active_usage, active_presence, presence_active_device_days,
      judged_on_use_device_days, in_service_devices, reached_devices)
    SELECT ${tenantId}, ${establishmentId}, p.granularity, p.start, s.dimension, s.value, s.school_days, s.in_service,
           s.active, s.measured, s.usage, s.presence, s.presence_active, s.judged_on_use, r.devices, r.reached
    FROM ${spans}
    CROSS JOIN LATERAL (
      SELECT dimension, value, count(*)::int AS school_days, sum(in_service)::int AS in_service, sum(active)::int AS active,
             sum(active_measured)::int AS measured, sum(active_usage)::int AS usage, sum(active_presence)::int AS presence,
             sum(presence_active)::int AS presence_active, sum(judged_on_use)::int AS judged_on_use
      FROM establishment_days
      WHERE tenant_id = ${tenantId} AND establishment_id = ${establishmentId} AND school_day AND day BETWEEN p.start AND p.stop
      GROUP BY dimension, value
    ) s
    -- Without reach the grand-total grouping set still yields a row of zeros: join nothing instead.
    -- Reach from one row per device (and kind and assignment it had): the distinct counts then sort
    -- a few hundred rows per grouping set, not every device-day of the period (4x less time on a month).
    LEFT JOIN LATERAL (
      SELECT CASE WHEN GROUPING(kind) = 0 THEN 'kind' WHEN GROUPING(assignment) = 0 THEN 'assignment' ELSE 'all' END AS dimension,
             CASE WHEN GROUPING(kind) = 0 THEN kind WHEN GROUPING(assignment) = 0 THEN assignment ELSE 'all' END AS value,
             count(DISTINCT device_id) FILTER (WHERE in_service)::int AS devices,
             count(DISTINCT device_id) FILTER (WHERE reached)::int AS reached
      FROM (
        SELECT device_id, kind, ${ASSIGNMENT} AS assignment, bool_or(in_service) AS in_service, bool_or(in_service AND active) AS reached
        FROM device_activity
        WHERE p.with_reach AND tenant_id = ${tenantId} AND establishment_id = ${establishmentId} AND school_day AND day BETWEEN p.start AND p.stop
        GROUP BY device_id, kind, ${ASSIGNMENT}
      ) d
      GROUP BY GROUPING SETS ((), (kind), (assignment))
    ) r ON p.with_reach AND r.dimension = s.dimension AND r.value = s.value`.execute(trx);
}

/** A period's figures for one dimension value, as the table holds them, with the period's end. */
export type PeriodFigures = Pick<
  Selectable<EstablishmentPeriodsTable>,
  | 'period_start'
  | 'dimension'
  | 'value'
  | 'school_days'
  | 'in_service_device_days'
  | 'active_device_days'
  | 'active_measured'
  | 'active_usage'
  | 'active_presence'
  | 'presence_active_device_days'
  | 'judged_on_use_device_days'
  | 'in_service_devices'
  | 'reached_devices'
> & { period_end: string };

export async function list(db: Db, tenantId: string, establishmentId: string, granularity: string, range: { from: string; to: string }) {
  const r = await sql<PeriodFigures>`
    SELECT period_start, ${END}::date AS period_end, dimension, value, school_days, in_service_device_days, active_device_days, active_measured, active_usage,
           active_presence, presence_active_device_days, judged_on_use_device_days, in_service_devices, reached_devices
    FROM establishment_periods
    WHERE tenant_id = ${tenantId} AND establishment_id = ${establishmentId} AND granularity = ${granularity}
      AND period_start <= ${range.to}::date AND ${END} >= ${range.from}::date
    ORDER BY period_start, dimension, value`.execute(db);
  return r.rows;
}

/** An establishment's period totals with what peers are grouped and shown by. */
export type TenantPeriodRow = Pick<Selectable<EstablishmentsTable>, 'uai' | 'name' | 'type' | 'pupils' | 'education_priority'> &
  Omit<Selectable<EstablishmentPeriodsTable>, 'tenant_id' | 'granularity' | 'dimension' | 'value' | 'computed_at'>;

/** Every establishment's totals (dimension 'all') for some periods of one granularity: what peers are compared on. */
export async function listForTenant(db: Db, tenantId: string, granularity: string, starts: string[], establishmentIds: string[] | null) {
  const scope = establishmentIds ? sql`AND e.id = ANY(${establishmentIds}::uuid[])` : sql``;
  // Raw: = ANY(array) keeps one statement shape whatever the number of periods and establishments.
  const r = await sql<TenantPeriodRow>`
    SELECT e.id AS establishment_id, e.uai, e.name, e.type, e.pupils, e.education_priority, p.period_start, p.school_days,
           p.in_service_device_days, p.active_device_days, p.active_measured, p.active_usage, p.active_presence, p.presence_active_device_days,
           p.judged_on_use_device_days, p.in_service_devices, p.reached_devices
    FROM establishment_periods p JOIN establishments e ON e.tenant_id = p.tenant_id AND e.id = p.establishment_id
    WHERE p.tenant_id = ${tenantId} AND p.granularity = ${granularity} AND p.period_start = ANY(${starts}::date[])
      AND p.dimension = 'all' ${scope}
    ORDER BY e.uai, p.period_start`.execute(db);
  return r.rows;
}
