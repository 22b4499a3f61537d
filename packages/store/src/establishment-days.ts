import type { DayContribution } from '@vigie/contracts';
import { sql, type Selectable } from 'kysely';
import type { Db, Trx } from './db.ts';
import type { EstablishmentDaysTable } from './rollup-tables.ts';

export interface EstablishmentDayFacts {
  day: string;
  schoolDay: boolean;
  halfDays: number;
}

export interface OutageFacts {
  reporting: number;
  silent: number;
  outage: boolean;
}

// Assignment of a device without one: its own group, so the split always adds up to the total.
const ASSIGNMENT = sql`COALESCE(assignment, 'unassigned')`;

/** What a rewrite contributes to the tenant's day: the school-day figures of each (dimension, value). */
export type Contribution = DayContribution;

const CONTRIBUTION = sql`dimension, value, school_day, in_service, active, active_measured, active_usage, active_presence, presence_active, judged_on_use, outage`;

/**
 * Rewrites an establishment's days from their device decisions: each in total and split by kind and
 * by assignment (GROUPING SETS: one scan; a day without devices still gets its zero total). Only
 * devices in service count. Returns, per day, the rows it replaced and the rows it wrote, so the
 * tenant's day can move by the difference.
 */
export async function recompute(
  trx: Trx,
  tenantId: string,
  establishmentId: string,
  days: readonly (EstablishmentDayFacts & OutageFacts)[],
) {
  const list = days.map((f) => f.day);
  // RETURNING day, not day::text: the cast is only STABLE (DateStyle), which Citus refuses in a
  // RETURNING clause; the pg type parser already hands dates over as 'YYYY-MM-DD' (db.ts).
  const old = await sql<Contribution & { day: string }>`DELETE FROM establishment_days WHERE tenant_id = ${tenantId}
    AND establishment_id = ${establishmentId} AND day = ANY(${list}::date[]) RETURNING day, ${CONTRIBUTION}`.execute(trx);
  const written = await sql<Contribution & { day: string }>`
    INSERT INTO establishment_days (tenant_id, establishment_id, day, dimension, value, school_day, half_days, in_service, online,
      active, active_measured, active_usage, active_presence, presence_discounted, presence_active, judged_on_use, reporting, silent, outage)
    SELECT ${tenantId}, ${establishmentId}, f.day, g.dimension, g.value, f.school_day, f.half_days, g.in_service, g.online, g.active,
      g.measured, g.usage, g.presence, g.discounted, g.presence_active, g.judged_on_use, f.reporting, f.silent, f.outage
    FROM unnest(${list}::date[], ${days.map((f) => f.schoolDay)}::boolean[], ${days.map((f) => f.halfDays)}::int[],
                ${days.map((f) => f.reporting)}::int[], ${days.map((f) => f.silent)}::int[], ${days.map((f) => f.outage)}::boolean[])
         AS f(day, school_day, half_days, reporting, silent, outage)
    CROSS JOIN LATERAL (
      SELECT CASE WHEN GROUPING(kind) = 0 THEN 'kind' WHEN GROUPING(${ASSIGNMENT}) = 0 THEN 'assignment' ELSE 'all' END AS dimension,
        CASE WHEN GROUPING(kind) = 0 THEN kind WHEN GROUPING(${ASSIGNMENT}) = 0 THEN ${ASSIGNMENT} ELSE 'all' END AS value,
        count(*) FILTER (WHERE in_service) AS in_service, count(*) FILTER (WHERE in_service AND online) AS online,
        count(*) FILTER (WHERE in_service AND active) AS active,
        count(*) FILTER (WHERE in_service AND active AND signal = 'measured') AS measured,
        count(*) FILTER (WHERE in_service AND active AND signal = 'usage') AS usage,
        count(*) FILTER (WHERE in_service AND active AND signal = 'presence') AS presence,
        count(*) FILTER (WHERE in_service AND signal = 'presence_discounted') AS discounted,
        count(*) FILTER (WHERE in_service AND presence_active) AS presence_active, count(*) FILTER (WHERE in_service AND judged_on_use) AS judged_on_use
      FROM device_activity
      WHERE tenant_id = ${tenantId} AND establishment_id = ${establishmentId} AND day = f.day
      GROUP BY GROUPING SETS ((), (kind), (${ASSIGNMENT}))) g
    RETURNING day, ${CONTRIBUTION}`.execute(trx);
  const byDay = new Map(list.map((day) => [day, { old: [] as Contribution[], written: [] as Contribution[] }]));
  for (const { day, ...row } of old.rows) byDay.get(day)?.old.push(row);
  for (const { day, ...row } of written.rows) byDay.get(day)?.written.push(row);
  return byDay;
}

/** One establishment-day's figures per dimension value, as stored. */
export type DayFigures = Omit<
  Selectable<EstablishmentDaysTable>,
  'tenant_id' | 'establishment_id' | 'reporting' | 'silent' | 'computed_at'
>;

export async function list(db: Db, tenantId: string, establishmentId: string, range: { from: string; to: string }) {
  return db
    .selectFrom('establishment_days')
    .select([
      'day',
      'dimension',
      'value',
      'school_day',
      'half_days',
      'in_service',
      'online',
      'active',
      'active_measured',
      'active_usage',
      'active_presence',
      'presence_discounted',
      'presence_active',
      'judged_on_use',
      'outage',
    ])
    .where('tenant_id', '=', tenantId)
    .where('establishment_id', '=', establishmentId)
    .where('day', '>=', range.from)
    .where('day', '<=', range.to)
    .orderBy('day')
    .orderBy('dimension')
    .orderBy('value')
    .execute();
}

/** Whether the establishment-day was rolled up before (a partial recompute needs a complete base). */
export async function exists(trx: Trx, tenantId: string, establishmentId: string, day: string) {
  const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM establishment_days WHERE tenant_id = ${tenantId}
    AND establishment_id = ${establishmentId} AND day = ${day}::date AND dimension = 'all'`.execute(trx);
  return r.rows[0]!.n > 0;
}

export interface DayTotals {
  establishment_id: string;
  day: string;
  school_day: boolean;
  in_service: number;
  active: number;
  presence_active: number;
  judged_on_use: number;
  reporting: number;
  silent: number;
  outage: boolean;
}

/** Every establishment's day totals (dimension 'all') within a range: what alerts judge activity and outages on. */
export async function totals(db: Db, tenantId: string, range: { from: string; to: string }) {
  const r = await sql<DayTotals>`
    SELECT establishment_id, day::text AS day, school_day, in_service, active, presence_active, judged_on_use, reporting, silent, outage FROM establishment_days
    WHERE tenant_id = ${tenantId} AND dimension = 'all' AND day BETWEEN ${range.from}::date AND ${range.to}::date`.execute(db);
  return r.rows;
}
