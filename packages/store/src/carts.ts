import type { Db } from './db.ts';

export async function create(db: Db, tenantId: string, establishmentId: string, name: string) {
  return db
    .insertInto('carts')
    .values({ tenant_id: tenantId, establishment_id: establishmentId, name })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function listByEstablishment(db: Db, tenantId: string, establishmentId: string) {
  return db
    .selectFrom('carts')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('establishment_id', '=', establishmentId)
    .orderBy('name')
    .execute();
}

/** "<establishment id>/<cart name>" -> cart id, for the pairs that exist. */
export async function idsByName(db: Db, tenantId: string, pairs: { establishmentId: string; name: string }[]) {
  if (pairs.length === 0) return new Map<string, string>();
  const rows = await db
    .selectFrom('carts')
    .select(['id', 'establishment_id', 'name'])
    .where('tenant_id', '=', tenantId)
    .where('establishment_id', 'in', [...new Set(pairs.map((p) => p.establishmentId))])
    .where('name', 'in', [...new Set(pairs.map((p) => p.name))])
    .execute();
  return new Map(rows.map((r) => [`${r.establishment_id}/${r.name}`, r.id]));
}

export async function findById(db: Db, tenantId: string, id: string) {
  return db.selectFrom('carts').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
}
