import { sql } from 'kysely';
import { arrayLiteral } from './array-literal.ts';
import type { Db, Trx } from './db.ts';
import * as tenantData from './tenant-data.ts';

export interface SessionRow {
  deviceId: string;
  /** RFC 3339, as it arrived: PostgreSQL parses it, Node need not. */
  startedAt: string;
  appId: string;
  appName: string | null;
  category: string | null;
  durationS: number;
  observedAt: string;
}

// Rows go in key order, so concurrent batches wait on each other instead of deadlocking.
const insertRows = (tenantId: string, sourceId: string, rows: readonly SessionRow[], duplicates: 'fail' | 'skip') => sql`
  INSERT INTO app_usage (tenant_id, device_id, started_at, app_id, source_id, app_name, category, duration_s, observed_at)
  SELECT ${tenantId}, t.device_id, t.started_at, t.app_id, ${sourceId}, t.app_name, t.category, t.duration_s, t.observed_at
  FROM unnest(${arrayLiteral(rows.map((s) => s.deviceId))}::uuid[], ${arrayLiteral(rows.map((s) => s.startedAt))}::timestamptz[],
              ${arrayLiteral(rows.map((s) => s.appId))}::text[], ${arrayLiteral(rows.map((s) => s.appName))}::text[],
              ${arrayLiteral(rows.map((s) => s.category))}::text[], ${arrayLiteral(rows.map((s) => s.durationS))}::int[],
              ${arrayLiteral(rows.map((s) => s.observedAt))}::timestamptz[])
       AS t(device_id, started_at, app_id, app_name, category, duration_s, observed_at)
  ORDER BY t.device_id, t.started_at, t.app_id
  ${duplicates === 'skip' ? sql`ON CONFLICT DO NOTHING` : sql``}`;

/**
 * Inserts app sessions none of which is stored yet: one already stored fails the statement with
 * unique_violation (23505), which costs less than asking for each row whether it is. Only under
 * observations.insertNew's savepoint, which knows what to do then.
 */
export async function insertAll(trx: Trx, tenantId: string, sourceId: string, rows: readonly SessionRow[]): Promise<void> {
  if (rows.length > 0) await insertRows(tenantId, sourceId, rows, 'fail').execute(trx);
}

/** Inserts app sessions, skipping those already stored; returns the new ones (observations.insertNew's fallback). */
export async function insertReturningNew(trx: Trx, tenantId: string, sourceId: string, rows: readonly SessionRow[]) {
  if (rows.length === 0) return [];
  const r = await sql<{ device_id: string; started_at: Date; duration_s: number }>`
    ${insertRows(tenantId, sourceId, rows, 'skip')} RETURNING device_id, started_at, duration_s`.execute(trx);
  return r.rows.map((row) => ({ deviceId: row.device_id, startedAt: row.started_at.getTime(), durationS: row.duration_s }));
}

/** Moves a device's app sessions to another device (device merge); clashing duplicates are dropped. */
export async function reassignDevice(trx: Trx, tenantId: string, fromId: string, toId: string) {
  await sql`
    WITH moved AS (DELETE FROM app_usage WHERE tenant_id = ${tenantId} AND device_id = ${fromId} RETURNING *)
    INSERT INTO app_usage (tenant_id, device_id, started_at, app_id, source_id, app_name, category, duration_s, observed_at)
    SELECT tenant_id, ${toId}, started_at, app_id, source_id, app_name, category, duration_s, observed_at FROM moved
    ON CONFLICT DO NOTHING`.execute(trx);
}

export const count = (db: Db | Trx, tenantId: string) => tenantData.count(db, { name: 'public.app_usage', column: 'tenant_id' }, tenantId);

/**
 * Seconds, sessions and devices per app category for an establishment's devices over [from, to):
 * the tenant's catalogue decides the category, else the one the source sent, else 'other'.
 */
export async function byCategory(db: Db, tenantId: string, establishmentId: string, range: { from: Date; to: Date }) {
  const r = await sql<{ category: string; seconds: number; sessions: number; devices: number }>`
    SELECT COALESCE(c.category, u.category, 'other') AS category, sum(u.duration_s)::bigint AS seconds, count(*)::int AS sessions,
           count(DISTINCT u.device_id)::int AS devices
    FROM app_usage u
    JOIN devices d ON d.tenant_id = u.tenant_id AND d.id = u.device_id
    LEFT JOIN app_catalog c ON c.tenant_id = u.tenant_id AND c.app_id = u.app_id
    WHERE u.tenant_id = ${tenantId} AND d.establishment_id = ${establishmentId} AND u.started_at >= ${range.from} AND u.started_at < ${range.to}
    GROUP BY 1 ORDER BY 2 DESC`.execute(db);
  return r.rows;
}
