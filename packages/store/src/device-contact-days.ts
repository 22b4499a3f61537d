import { sql } from 'kysely';
import type { Trx } from './db.ts';

// The local days sources reported a device in contact in an inventory (migrations/0072): what a
// report for a past date reads as "seen" beside device-days, for devices known from inventories.

export interface ContactAt {
  deviceId: string;
  at: Date;
  /** The time zone the device's local days are counted in (its establishment's, else the tenant's). */
  timeZone: string;
}

/** Records the local day of each contact; a day already held changes nothing. */
export async function add(trx: Trx, tenantId: string, rows: ContactAt[]) {
  if (rows.length === 0) return;
  // Raw: unnest keeps one statement shape whatever the count; rows in key order, so two batches
  // touching the same devices take their locks in one order.
  await sql`
    INSERT INTO device_contact_days (tenant_id, device_id, day)
    SELECT DISTINCT ${tenantId}::uuid, t.device_id, (t.at AT TIME ZONE t.time_zone)::date
    FROM unnest(${rows.map((r) => r.deviceId)}::uuid[], ${rows.map((r) => r.at)}::timestamptz[], ${rows.map((r) => r.timeZone)}::text[])
         AS t(device_id, at, time_zone)
    ORDER BY 2, 3
    ON CONFLICT DO NOTHING`.execute(trx);
}
