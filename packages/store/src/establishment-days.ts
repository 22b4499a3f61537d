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
 * Rewrites an establishment's day from its device decisions: in total and split by kind and by
 * assignment (GROUPING SETS: one scan). Only devices in service count. Returns the rows it replaced
 * and the rows it wrote, so the tenant's day can move by the difference.
 */
export async function recompute(trx: Trx, tenantId: string, establishmentId: string, f: EstablishmentDayFacts, o: OutageFacts) {
  const old = await sql<Contribution>`DELETE FROM establishment_days WHERE tenant_id = ${tenantId} AND establishment_id = ${establishmentId}
    AND day = ${f.day}::date RETURNING ${CONTRIBUTION}`.execute(trx);
  const written = await sql<Contribution>`
    INSERT INTO establishment_days (tenant_id, establishment_id, day, dimension, value, school_day, half_days, in_service, online,
      active, active_measured, active_usage, active_presence, presence_discounted, presence_active, judged_on_use, reporting, silent, outage)
    SELECT ${tenantId}, ${establishmentId}, ${f.day}::date,
      CASE WHEN GROUPING(kind) = 0 THEN 'kind' WHEN GROUPING(${ASSIGNMENT}) = 0 THEN 'assignment' ELSE 'all' END,
      CASE WHEN GROUPING(kind) = 0 THEN kind WHEN GROUPING(${ASSIGNMENT}) = 0 THEN ${ASSIGNMENT} ELSE 'all' END,
      ${f.schoolDay}, ${f.halfDays},
      count(*) FILTER (WHERE in_service), count(*) FILTER (WHERE in_service AND online), count(*) FILTER (WHERE in_service AND active),
      count(*) FILTER (WHERE in_service AND active AND signal = 'measured'), count(*) FILTER (WHERE in_service AND active AND signal = 'usage'),
      count(*) FILTER (WHERE in_service AND active AND signal = 'presence'), count(*) FILTER (WHERE in_service AND signal = 'presence_discounted'),
      count(*) FILTER (WHERE in_service AND presence_active), count(*) FILTER (WHERE in_service AND judged_on_use),
      ${o.reporting}, ${o.silent}, ${o.outage}
    FROM device_activity
    WHERE tenant_id = ${tenantId} AND establishment_id = ${establishmentId} AND day = ${f.day}::date
    GROUP BY GROUPING SETS ((), (kind), (${ASSIGNMENT}))
    RETURNING ${CONTRIBUTION}`.execute(trx);
  return { old: old.rows, written: written.rows };
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
