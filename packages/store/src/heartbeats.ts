import { sql } from 'kysely';
import type { Db, Trx } from './db.ts';

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
