import { sql } from 'kysely';
import type { Db, Trx } from './db.ts';

export interface LinkedDevice {
  deviceId: string;
  establishmentId: string | null;
  /** Where the device's local days are counted: its establishment's time zone, else the tenant's. */
  timeZone: string;
}

/** External id -> the linked device and where it stands, for the ids this source already linked. */
export async function lookup(db: Db | Trx, tenantId: string, sourceId: string, externalIds: string[]): Promise<Map<string, LinkedDevice>> {
  const rows = await sql<{ external_id: string; device_id: string; establishment_id: string | null; time_zone: string }>`
    SELECT ds.external_id, ds.device_id, d.establishment_id, COALESCE(e.time_zone, t.time_zone) AS time_zone
    FROM device_sources ds
    JOIN devices d ON d.tenant_id = ds.tenant_id AND d.id = ds.device_id
    JOIN tenants t ON t.id = ds.tenant_id
    LEFT JOIN establishments e ON e.tenant_id = d.tenant_id AND e.id = d.establishment_id
    WHERE ds.tenant_id = ${tenantId} AND ds.source_id = ${sourceId} AND ds.external_id = ANY(${externalIds}::text[])`.execute(db);
  return new Map(rows.rows.map((r) => [r.external_id, { deviceId: r.device_id, establishmentId: r.establishment_id, timeZone: r.time_zone }]));
}

export async function linkMany(trx: Trx, tenantId: string, sourceId: string, rows: { externalId: string; deviceId: string; seenAt: Date }[]) {
  if (rows.length === 0) return;
  await sql`
    INSERT INTO device_sources (tenant_id, source_id, external_id, device_id, first_seen, last_seen)
    SELECT ${tenantId}, ${sourceId}, t.external_id, t.device_id, t.seen_at, t.seen_at
    FROM unnest(${rows.map((r) => r.externalId)}::text[], ${rows.map((r) => r.deviceId)}::uuid[],
                ${rows.map((r) => r.seenAt)}::timestamptz[]) AS t(external_id, device_id, seen_at)
    ON CONFLICT DO NOTHING`.execute(trx);
}

/** Moves every link of one device to another (device merge). */
export async function reassignDevice(trx: Trx, tenantId: string, fromId: string, toId: string) {
  await trx.updateTable('device_sources').set({ device_id: toId }).where('tenant_id', '=', tenantId).where('device_id', '=', fromId).execute();
}
