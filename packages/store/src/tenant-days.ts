import { sql, type Selectable } from 'kysely';
import type { Db, Trx } from './db.ts';
import type { TenantDaysTable } from './rollup-tables.ts';

/** How one establishment's rewrite moves a tenant's day, per dimension value: the table's counters. */
export type TenantDayDelta = Omit<Selectable<TenantDaysTable>, 'tenant_id' | 'day' | 'computed_at'>;

/**
 * Moves a tenant's day by the difference one establishment's rewrite made. Adding differences keeps
 * each rollup job's cost independent of the tenant's size (a région has thousands of
 * establishments) and is exact: each job's difference is taken under its establishment-day lock.
 * Rows are upserted in key order, so concurrent jobs wait on each other instead of deadlocking.
 */
export async function applyDelta(trx: Trx, tenantId: string, day: string, deltas: TenantDayDelta[]) {
  await applyDeltas(
    trx,
    tenantId,
    deltas.map((d) => ({ ...d, day })),
  );
}

/** applyDelta for several days in one round trip (a recompute of an establishment's days). */
export async function applyDeltas(trx: Trx, tenantId: string, deltas: (TenantDayDelta & { day: string })[]) {
  const moved = deltas.filter(
    (d) =>
      d.establishments ||
      d.in_service ||
      d.active ||
      d.active_measured ||
      d.active_usage ||
      d.active_presence ||
      d.presence_active ||
      d.judged_on_use ||
      d.outages,
  );
  if (moved.length === 0) return;
  const col = <K extends keyof TenantDayDelta | 'day'>(k: K) => moved.map((d) => d[k]);
  // Raw: unnest keeps one statement shape, and the conflict adds each difference to the stored sums.
  await sql`
    INSERT INTO tenant_days AS t (tenant_id, day, dimension, value, establishments, in_service, active, active_measured, active_usage,
                                  active_presence, presence_active, judged_on_use, outages)
    SELECT ${tenantId}, d.day, d.dimension, d.value, d.establishments, d.in_service, d.active, d.measured, d.usage, d.presence,
           d.presence_active, d.judged_on_use, d.outages
    FROM unnest(${col('day')}::date[], ${col('dimension')}::text[], ${col('value')}::text[], ${col('establishments')}::int[], ${col('in_service')}::int[],
                ${col('active')}::int[], ${col('active_measured')}::int[], ${col('active_usage')}::int[], ${col('active_presence')}::int[],
                ${col('presence_active')}::int[], ${col('judged_on_use')}::int[], ${col('outages')}::int[])
         AS d(day, dimension, value, establishments, in_service, active, measured, usage, presence, presence_active, judged_on_use, outages)
    ORDER BY d.day, d.dimension, d.value
    ON CONFLICT (tenant_id, day, dimension, value) DO UPDATE SET
      establishments = t.establishments + EXCLUDED.establishments, in_service = t.in_service + EXCLUDED.in_service,
      active = t.active + EXCLUDED.active, active_measured = t.active_measured + EXCLUDED.active_measured,
      active_usage = t.active_usage + EXCLUDED.active_usage, active_presence = t.active_presence + EXCLUDED.active_presence,
      presence_active = t.presence_active + EXCLUDED.presence_active, judged_on_use = t.judged_on_use + EXCLUDED.judged_on_use, outages = t.outages + EXCLUDED.outages, computed_at = EXCLUDED.computed_at`.execute(
    trx,
  );
  const days = [...new Set(moved.map((d) => d.day))];
  await trx.deleteFrom('tenant_days').where('tenant_id', '=', tenantId).where('day', 'in', days).where('establishments', '=', 0).execute();
}

/** Recomputes a tenant's day from scratch (repair; the rollup jobs apply differences instead). */
export async function recompute(trx: Trx, tenantId: string, day: string) {
  await sql`DELETE FROM tenant_days WHERE tenant_id = ${tenantId} AND day = ${day}::date`.execute(trx);
  await sql`
    INSERT INTO tenant_days (tenant_id, day, dimension, value, establishments, in_service, active, active_measured, active_usage,
                             active_presence, presence_active, judged_on_use, outages)
    SELECT ${tenantId}, ${day}::date, dimension, value, count(*)::int, sum(in_service)::int, sum(active)::int, sum(active_measured)::int,
           sum(active_usage)::int, sum(active_presence)::int, sum(presence_active)::int, sum(judged_on_use)::int, count(*) FILTER (WHERE outage)::int
    FROM establishment_days
    WHERE tenant_id = ${tenantId} AND day = ${day}::date AND school_day
    GROUP BY dimension, value`.execute(trx);
}

export async function list(db: Db, tenantId: string, range: { from: string; to: string }) {
  return db
    .selectFrom('tenant_days')
    .select([
      'day',
      'dimension',
      'value',
      'establishments',
      'in_service',
      'active',
      'active_measured',
      'active_usage',
      'active_presence',
      'presence_active',
      'judged_on_use',
      'outages',
    ])
    .where('tenant_id', '=', tenantId)
    .where('day', '>=', range.from)
    .where('day', '<=', range.to)
    .orderBy('day')
    .orderBy('dimension')
    .orderBy('value')
    .execute();
}
