import { sql } from 'kysely';
import type { Db, Trx } from './db.ts';

/** External id -> device id for the ids this source already linked. */
export async function lookup(db: Db | Trx, tenantId: string, sourceId: string, externalIds: string[]) {
  const rows = await sql<{ external_id: string; device_id: string }>`
    SELECT external_id, device_id FROM device_sources
    WHERE tenant_id = ${tenantId} AND source_id = ${sourceId} AND external_id = ANY(${externalIds}::text[])`.execute(db);
  return new Map(rows.rows.map((r) => [r.external_id, r.device_id]));
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

/** Widens first_seen / last_seen of links to the observation times just stored. */
export async function touch(trx: Trx, tenantId: string, sourceId: string, rows: { externalId: string; first: Date; last: Date }[]) {
  if (rows.length === 0) return;
  // Locks in key order first, as devices.touchSeen does, so concurrent batches never deadlock.
  await sql`SELECT 1 FROM device_sources WHERE tenant_id = ${tenantId} AND source_id = ${sourceId}
    AND external_id = ANY(${rows.map((r) => r.externalId)}::text[]) ORDER BY external_id FOR UPDATE`.execute(trx);
  await sql`
    UPDATE device_sources ds SET
      first_seen = LEAST(ds.first_seen, t.first), last_seen = GREATEST(ds.last_seen, t.last)
    FROM unnest(${rows.map((r) => r.externalId)}::text[], ${rows.map((r) => r.first)}::timestamptz[],
                ${rows.map((r) => r.last)}::timestamptz[]) AS t(external_id, first, last)
    WHERE ds.tenant_id = ${tenantId} AND ds.source_id = ${sourceId} AND ds.external_id = t.external_id
      AND (t.first < ds.first_seen OR t.last > ds.last_seen)`.execute(trx);
}
