import { sql } from 'kysely';
import type { Db } from './db.ts';

export interface RegisterRow {
  serialKey: string;
  serial: string;
  acquiredOn: string | null;
  priceCents: number | null;
  funder: string | null;
  programme: string | null;
  warrantyEnd: string | null;
  establishmentUai: string | null;
}

/** Inserts or replaces register lines by serial; returns how many were new. */
export async function upsertMany(db: Db, tenantId: string, rows: RegisterRow[]): Promise<number> {
  if (rows.length === 0) return 0;
  const result = await sql<{ inserted: boolean }>`
    INSERT INTO asset_register (tenant_id, serial_key, serial, acquired_on, price_cents, funder, programme, warranty_end, establishment_uai, imported_at)
    SELECT ${tenantId}, t.serial_key, t.serial, t.acquired_on, t.price_cents, t.funder, t.programme, t.warranty_end, t.establishment_uai, now()
    FROM json_to_recordset(${JSON.stringify(
      rows.map((r) => ({
        serial_key: r.serialKey,
        serial: r.serial,
        acquired_on: r.acquiredOn,
        price_cents: r.priceCents,
        funder: r.funder,
        programme: r.programme,
        warranty_end: r.warrantyEnd,
        establishment_uai: r.establishmentUai,
      })),
    )}::json) AS t(serial_key text, serial text, acquired_on date, price_cents bigint, funder text, programme text, warranty_end date, establishment_uai text)
    ON CONFLICT (tenant_id, serial_key) DO UPDATE SET serial = EXCLUDED.serial, acquired_on = EXCLUDED.acquired_on,
      price_cents = EXCLUDED.price_cents, funder = EXCLUDED.funder, programme = EXCLUDED.programme,
      warranty_end = EXCLUDED.warranty_end, establishment_uai = EXCLUDED.establishment_uai, imported_at = EXCLUDED.imported_at
    RETURNING (xmax = 0) AS inserted`.execute(db);
  return result.rows.filter((r) => r.inserted).length;
}

/** Register lines matching a device by serial, as the claims the register makes about it. */
export async function matches(db: Db, tenantId: string) {
  const rows = await sql<{ device_id: string; acquired_on: string | null; warranty_end: string | null; establishment_id: string | null }>`
    SELECT d.id AS device_id, r.acquired_on, r.warranty_end, e.id AS establishment_id
    FROM asset_register r
    JOIN devices d ON d.tenant_id = r.tenant_id AND d.serial_key = r.serial_key
    LEFT JOIN establishments e ON e.tenant_id = r.tenant_id AND e.uai = r.establishment_uai
    WHERE r.tenant_id = ${tenantId}`.execute(db);
  return rows.rows;
}

/** The register against what the sources see: bought but never seen, seen but never bought. */
export async function reconcile(db: Db, tenantId: string, limit: number) {
  const notSeen = await sql<{
    serial: string;
    establishment_uai: string | null;
    programme: string | null;
    funder: string | null;
    acquired_on: string | null;
  }>`
    SELECT r.serial, r.establishment_uai, r.programme, r.funder, r.acquired_on FROM asset_register r
    WHERE r.tenant_id = ${tenantId}
      AND NOT EXISTS (SELECT 1 FROM devices d WHERE d.tenant_id = r.tenant_id AND d.serial_key = r.serial_key)
    ORDER BY r.serial_key LIMIT ${limit}`.execute(db);
  const notRegistered = await sql<{
    device_id: string;
    serial: string;
    model: string | null;
    establishment_uai: string | null;
    last_seen: Date | null;
  }>`
    SELECT d.id AS device_id, d.serial, d.model, e.uai AS establishment_uai, d.last_contact AS last_seen FROM devices d
    LEFT JOIN establishments e ON e.tenant_id = d.tenant_id AND e.id = d.establishment_id
    WHERE d.tenant_id = ${tenantId} AND d.serial_key IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM asset_register r WHERE r.tenant_id = d.tenant_id AND r.serial_key = d.serial_key)
    ORDER BY d.serial_key LIMIT ${limit}`.execute(db);
  const totals = await sql<{ register: number; matched: number; no_serial: number }>`
    SELECT (SELECT count(*)::int FROM asset_register WHERE tenant_id = ${tenantId}) AS register,
      (SELECT count(*)::int FROM asset_register r JOIN devices d ON d.tenant_id = r.tenant_id AND d.serial_key = r.serial_key
        WHERE r.tenant_id = ${tenantId}) AS matched,
      (SELECT count(*)::int FROM devices WHERE tenant_id = ${tenantId} AND serial_key IS NULL AND NOT provisional) AS no_serial`.execute(
    db,
  );
  return { totals: totals.rows[0]!, notSeen: notSeen.rows, notRegistered: notRegistered.rows };
}
