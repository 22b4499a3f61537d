import { sql } from 'kysely';
import type { Db, Trx } from './db.ts';

export interface HeartbeatRow {
  deviceId: string;
  observedAt: Date;
  batteryPct: number | null;
  freeStorageMb: number | null;
  state: string | null;
}

/**
 * Inserts heartbeats in one statement (UNNEST keeps the SQL one constant shape whatever the batch
 * size) and returns only the rows that were new: a duplicate must not count again downstream.
 */
export async function insertMany(trx: Trx, tenantId: string, sourceId: string, rows: HeartbeatRow[]) {
  if (rows.length === 0) return [];
  const result = await sql<{ device_id: string; observed_at: Date }>`
    INSERT INTO heartbeats (tenant_id, device_id, observed_at, source_id, battery_pct, free_storage_mb, state)
    SELECT ${tenantId}, t.device_id, t.observed_at, ${sourceId}, t.battery_pct, t.free_storage_mb, t.state
    FROM unnest(${rows.map((r) => r.deviceId)}::uuid[], ${rows.map((r) => r.observedAt)}::timestamptz[],
                ${rows.map((r) => r.batteryPct)}::real[], ${rows.map((r) => r.freeStorageMb)}::bigint[],
                ${rows.map((r) => r.state)}::text[]) AS t(device_id, observed_at, battery_pct, free_storage_mb, state)
    -- Key order: two batches inserting overlapping keys then wait on each other instead of deadlocking.
    ORDER BY t.device_id, t.observed_at
    ON CONFLICT DO NOTHING
    RETURNING device_id, observed_at`.execute(trx);
  return result.rows;
}

/** Moves a device's heartbeats to another device (device merge); clashing duplicates are dropped. */
export async function reassignDevice(trx: Trx, tenantId: string, fromId: string, toId: string) {
  await sql`
    WITH moved AS (DELETE FROM heartbeats WHERE tenant_id = ${tenantId} AND device_id = ${fromId} RETURNING *)
    INSERT INTO heartbeats (tenant_id, device_id, observed_at, source_id, battery_pct, free_storage_mb, state)
    SELECT tenant_id, ${toId}, observed_at, source_id, battery_pct, free_storage_mb, state FROM moved
    ON CONFLICT DO NOTHING`.execute(trx);
}

export async function count(trx: Trx | Db, tenantId: string): Promise<number> {
  const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM heartbeats WHERE tenant_id = ${tenantId}`.execute(trx);
  return r.rows[0]!.n;
}
