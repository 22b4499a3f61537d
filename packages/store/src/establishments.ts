import type { Db } from './db.ts';

export interface NewEstablishment {
  uai: string;
  name: string;
  type: string;
  calendarZone: string;
  timeZone: string;
}

export async function create(db: Db, tenantId: string, e: NewEstablishment) {
  return db
    .insertInto('establishments')
    .values({ tenant_id: tenantId, uai: e.uai, name: e.name, type: e.type, calendar_zone: e.calendarZone, time_zone: e.timeZone })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Establishments of a tenant, optionally limited to some UAIs (establishment-scoped tokens). */
export async function list(db: Db, tenantId: string, onlyUais: string[] | null) {
  let query = db.selectFrom('establishments').selectAll().where('tenant_id', '=', tenantId);
  if (onlyUais) query = query.where('uai', 'in', onlyUais.length ? onlyUais : ['']);
  return query.orderBy('uai').execute();
}

export async function findByUai(db: Db, tenantId: string, uai: string) {
  return db.selectFrom('establishments').selectAll().where('tenant_id', '=', tenantId).where('uai', '=', uai).executeTakeFirst();
}

/** UAI -> id for the given UAIs that exist in the tenant. */
export async function idsByUai(db: Db, tenantId: string, uais: string[]): Promise<Map<string, string>> {
  if (uais.length === 0) return new Map();
  const rows = await db
    .selectFrom('establishments')
    .select(['uai', 'id'])
    .where('tenant_id', '=', tenantId)
    .where('uai', 'in', uais)
    .execute();
  return new Map(rows.map((r) => [r.uai, r.id]));
}

/** UAI of each of the given establishments of the tenant, by id. */
export async function uaisById(db: Db, tenantId: string, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('establishments').select(['id', 'uai'])
    .where('tenant_id', '=', tenantId).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.uai]));
}
