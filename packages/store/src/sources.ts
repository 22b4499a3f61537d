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

export async function listForDevice(db: Db, tenantId: string, deviceId: string) {
  return db
    .selectFrom('device_sources as ds')
    .innerJoin('sources as s', (j) => j.onRef('s.tenant_id', '=', 'ds.tenant_id').onRef('s.id', '=', 'ds.source_id'))
    .select(['s.name as source', 's.kind', 'ds.external_id', 'ds.first_seen', 'ds.last_seen'])
    .where('ds.tenant_id', '=', tenantId)
    .where('ds.device_id', '=', deviceId)
    .orderBy('s.name')
    .execute();
}
