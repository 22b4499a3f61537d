import { sql } from 'kysely';
import { arrayLiteral } from './array-literal.ts';
import type { Db, Trx } from './db.ts';
import * as tenantData from './tenant-data.ts';

export interface HeartbeatRow {
  deviceId: string;
  /** RFC 3339, as it arrived: PostgreSQL parses it, Node need not. */
  observedAt: string;
  batteryPct: number | null;
  freeStorageMb: number | null;
  state: string | null;
}

// Rows go in key order, so concurrent batches wait on each other instead of deadlocking.
const insertRows = (tenantId: string, sourceId: string, rows: readonly HeartbeatRow[], duplicates: 'fail' | 'skip') => sql`
  INSERT INTO heartbeats (tenant_id, device_id, observed_at, source_id, battery_pct, free_storage_mb, state)
  SELECT ${tenantId}, t.device_id, t.observed_at, ${sourceId}, t.battery_pct, t.free_storage_mb, t.state
  FROM unnest(${arrayLiteral(rows.map((h) => h.deviceId))}::uuid[], ${arrayLiteral(rows.map((h) => h.observedAt))}::timestamptz[],
              ${arrayLiteral(rows.map((h) => h.batteryPct))}::real[], ${arrayLiteral(rows.map((h) => h.freeStorageMb))}::bigint[],
              ${arrayLiteral(rows.map((h) => h.state))}::text[]) AS t(device_id, observed_at, battery_pct, free_storage_mb, state)
  ORDER BY t.device_id, t.observed_at
  ${duplicates === 'skip' ? sql`ON CONFLICT DO NOTHING` : sql``}`;

/**
 * Inserts heartbeats none of which is stored yet: one already stored fails the statement with
 * unique_violation (23505), which costs less than asking for each row whether it is. Only under
 * observations.insertNew's savepoint, which knows what to do then.
 */
export async function insertAll(trx: Trx, tenantId: string, sourceId: string, rows: readonly HeartbeatRow[]): Promise<void> {
  if (rows.length > 0) await insertRows(tenantId, sourceId, rows, 'fail').execute(trx);
}

/** Inserts heartbeats, skipping those already stored; returns the new ones (observations.insertNew's fallback). */
export async function insertReturningNew(trx: Trx, tenantId: string, sourceId: string, rows: readonly HeartbeatRow[]) {
  if (rows.length === 0) return [];
  const r = await sql<{ device_id: string; observed_at: Date }>`
    ${insertRows(tenantId, sourceId, rows, 'skip')} RETURNING device_id, observed_at`.execute(trx);
  return r.rows.map((row) => ({ deviceId: row.device_id, at: row.observed_at.getTime() }));
}

/** Moves a device's heartbeats to another device (device merge); clashing duplicates are dropped. */
export async function reassignDevice(trx: Trx, tenantId: string, fromId: string, toId: string) {
  await sql`
    WITH moved AS (DELETE FROM heartbeats WHERE tenant_id = ${tenantId} AND device_id = ${fromId} RETURNING *)
    INSERT INTO heartbeats (tenant_id, device_id, observed_at, source_id, battery_pct, free_storage_mb, state)
    SELECT tenant_id, ${toId}, observed_at, source_id, battery_pct, free_storage_mb, state FROM moved
    ON CONFLICT DO NOTHING`.execute(trx);
}

export const count = (trx: Trx | Db, tenantId: string) =>
  tenantData.count(trx, { name: 'public.heartbeats', column: 'tenant_id' }, tenantId);
