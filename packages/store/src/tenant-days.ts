import { sql } from 'kysely';
import type { Db, Trx } from './db.ts';

/**
 * Serialises tenant-day rewrites: taken after the establishment's own writes, it also makes each
 * rewrite read the establishment-days other jobs committed before it (READ COMMITTED, new statement).
 */
export async function lock(trx: Trx, tenantId: string, day: string) {
  await sql`SELECT pg_advisory_xact_lock(hashtextextended(${`tenant-day:${tenantId}:${day}`}, 0))`.execute(trx);
}

/** Rewrites a tenant's day from the establishments for which it is a school day. */
export async function recompute(trx: Trx, tenantId: string, day: string) {
  await sql`DELETE FROM tenant_days WHERE tenant_id = ${tenantId} AND day = ${day}::date`.execute(trx);
  await sql`
    INSERT INTO tenant_days (tenant_id, day, dimension, value, establishments, in_service, active, active_measured, active_usage,
                             active_presence, outages)
    SELECT ${tenantId}, ${day}::date, dimension, value, count(*)::int, sum(in_service)::int, sum(active)::int, sum(active_measured)::int,
           sum(active_usage)::int, sum(active_presence)::int, count(*) FILTER (WHERE outage)::int
    FROM establishment_days
    WHERE tenant_id = ${tenantId} AND day = ${day}::date AND school_day
    GROUP BY dimension, value`.execute(trx);
}

export async function list(db: Db, tenantId: string, range: { from: string; to: string }) {
  const r = await sql<{ day: string; dimension: string; value: string; establishments: number; in_service: number; active: number; outages: number }>`
    SELECT day, dimension, value, establishments, in_service, active, outages FROM tenant_days
    WHERE tenant_id = ${tenantId} AND day BETWEEN ${range.from}::date AND ${range.to}::date ORDER BY day, dimension, value`.execute(db);
  return r.rows;
}
