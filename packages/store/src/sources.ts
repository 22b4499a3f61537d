import { sql } from 'kysely';
import type { Db } from './db.ts';

/** The id of the tenant's source with this name, created on first use (push connectors name theirs). */
export async function ensure(db: Db, tenantId: string, name: string, kind = 'push'): Promise<string> {
  const find = () =>
    db.selectFrom('sources').select('id').where('tenant_id', '=', tenantId).where('name', '=', name).executeTakeFirst();
  const existing = await find();
  if (existing) return existing.id;
  await db
    .insertInto('sources')
    .values({ tenant_id: tenantId, name, kind })
    .onConflict((oc) => oc.columns(['tenant_id', 'name']).doNothing())
    .execute();
  return (await find())!.id;
}

/**
 * The sources that know a device, with when each last said something about it. last_seen is read
 * from the observations here rather than kept up to date on every batch: that would be one more
 * row update per event on the ingest path for a figure only this detail view shows.
 */
export async function listForDevice(db: Db, tenantId: string, deviceId: string) {
  const rows = await sql<{ source: string; kind: string; external_id: string; first_seen: Date; last_seen: Date }>`
    SELECT s.name AS source, s.kind, ds.external_id, ds.first_seen,
      GREATEST(ds.last_seen,
        (SELECT max(h.observed_at) FROM heartbeats h WHERE h.tenant_id = ds.tenant_id AND h.device_id = ds.device_id AND h.source_id = ds.source_id),
        (SELECT max(a.observed_at) FROM app_usage a WHERE a.tenant_id = ds.tenant_id AND a.device_id = ds.device_id AND a.source_id = ds.source_id)) AS last_seen
    FROM device_sources ds
    JOIN sources s ON s.tenant_id = ds.tenant_id AND s.id = ds.source_id
    WHERE ds.tenant_id = ${tenantId} AND ds.device_id = ${deviceId}
    ORDER BY s.name, ds.external_id`.execute(db);
  return rows.rows;
}
