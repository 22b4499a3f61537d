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
  const r = await sql<{ device_id: string; started_at: Date; duration_s: number; app_id: string; category: string | null }>`
    ${insertRows(tenantId, sourceId, rows, 'skip')} RETURNING device_id, started_at, duration_s, app_id, category`.execute(trx);
  return r.rows.map((row) => ({
    deviceId: row.device_id,
    startedAt: row.started_at.getTime(),
    durationS: row.duration_s,
    appId: row.app_id,
    category: row.category,
  }));
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
