import { sql } from 'kysely';
import type { Db, Trx } from './db.ts';
import { lockInOrder } from './devices.ts';

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
  return new Map(
    rows.rows.map((r) => [r.external_id, { deviceId: r.device_id, establishmentId: r.establishment_id, timeZone: r.time_zone }]),
  );
}

export async function linkMany(
  trx: Trx,
  tenantId: string,
  sourceId: string,
  rows: { externalId: string; deviceId: string; seenAt: Date }[],
) {
  if (rows.length === 0) return;
  // Raw: unnest keeps one statement shape whatever the number of links.
  await sql`
    INSERT INTO device_sources (tenant_id, source_id, external_id, device_id, first_seen)
    SELECT ${tenantId}, ${sourceId}, t.external_id, t.device_id, t.seen_at
    FROM unnest(${rows.map((r) => r.externalId)}::text[], ${rows.map((r) => r.deviceId)}::uuid[],
                ${rows.map((r) => r.seenAt)}::timestamptz[]) AS t(external_id, device_id, seen_at)
    ON CONFLICT DO NOTHING`.execute(trx);
}

/**
 * Widens each link's own first and last contact to what the batch reports for its record, so an
 * old re-enrolment record keeps its dates instead of showing the device's current record's. Rows
 * in external id order, so two batches of a source lock links in one order.
 */
export async function touchContacts(trx: Trx, tenantId: string, sourceId: string, rows: { externalId: string; first: Date; last: Date }[]) {
  if (rows.length === 0) return;
  const sorted = [...rows].sort((a, b) => (a.externalId < b.externalId ? -1 : 1));
  await sql`
    UPDATE device_sources ds SET first_contact = LEAST(ds.first_contact, t.first), last_contact = GREATEST(ds.last_contact, t.last)
    FROM (SELECT * FROM unnest(${sorted.map((r) => r.externalId)}::text[], ${sorted.map((r) => r.first)}::timestamptz[],
                ${sorted.map((r) => r.last)}::timestamptz[]) AS u(external_id, first, last) ORDER BY external_id) t
    WHERE ds.tenant_id = ${tenantId} AND ds.source_id = ${sourceId} AND ds.external_id = t.external_id
      AND (ds.last_contact IS NULL OR t.first < ds.first_contact OR t.last > ds.last_contact)`.execute(trx);
}

/** Moves every link of one device to another (device merge). */
export async function reassignDevice(trx: Trx, tenantId: string, fromId: string, toId: string) {
  await trx
    .updateTable('device_sources')
    .set({ device_id: toId })
    .where('tenant_id', '=', tenantId)
    .where('device_id', '=', fromId)
    .execute();
}

/**
 * After a complete sync: links of records the source listed are present again; the others count a
 * miss, and are gone once they missed `goneAfter` syncs in a row. A device whose every link is gone
 * becomes unmanaged (no source holds it); one listed again is managed again.
 */
export async function markListed(db: Db, tenantId: string, sourceId: string, listed: string[], goneAfter: number) {
  return db.transaction().execute(async (trx) => {
    // The transaction's time as a value: Citus refuses now() inside CASE and COALESCE of an UPDATE.
    const now = (await sql<{ now: string }>`SELECT now()::text AS now`.execute(trx)).rows[0]!.now;
    const back = await sql<{ device_id: string }>`
      UPDATE device_sources SET missed_syncs = 0, gone_at = NULL
      WHERE tenant_id = ${tenantId} AND source_id = ${sourceId} AND external_id = ANY(${listed}::text[])
        AND (missed_syncs > 0 OR gone_at IS NOT NULL)
      RETURNING device_id`.execute(trx);
    const gone = await sql<{ device_id: string; fresh: boolean | null }>`
      UPDATE device_sources SET missed_syncs = missed_syncs + 1,
        gone_at = CASE WHEN gone_at IS NULL AND missed_syncs + 1 >= ${goneAfter} THEN ${now}::timestamptz ELSE gone_at END
      WHERE tenant_id = ${tenantId} AND source_id = ${sourceId} AND NOT (external_id = ANY(${listed}::text[]))
      RETURNING device_id, gone_at = ${now}::timestamptz AS fresh`.execute(trx);
    const newlyGone = gone.rows.filter((r) => r.fresh);
    const touched = [...new Set([...back.rows, ...newlyGone].map((r) => r.device_id))];
    if (touched.length > 0) {
      await lockInOrder(trx, tenantId, touched);
      await sql`
        UPDATE devices d SET unmanaged_since = CASE
            WHEN EXISTS (SELECT 1 FROM device_sources o WHERE o.tenant_id = ${tenantId} AND o.device_id = d.id AND o.gone_at IS NULL) THEN NULL
            ELSE COALESCE(d.unmanaged_since, ${now}::timestamptz) END
        WHERE d.tenant_id = ${tenantId} AND d.id = ANY(${touched}::uuid[])`.execute(trx);
    }
    return { back: back.rows.length, gone: newlyGone.length };
  });
}
