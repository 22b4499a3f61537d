import type { Db } from './db.ts';

export interface NewTenant {
  code: string;
  name: string;
  kind: string;
  timeZone?: string;
  territoryCode?: string;
}

export async function create(db: Db, tenant: NewTenant) {
  return db
    .insertInto('tenants')
    .values({
      code: tenant.code,
      name: tenant.name,
      kind: tenant.kind,
      ...(tenant.timeZone ? { time_zone: tenant.timeZone } : {}),
      territory_code: tenant.territoryCode ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function list(db: Db) {
  return db.selectFrom('tenants').selectAll().orderBy('code').execute();
}

export async function findById(db: Db, id: string) {
  return db.selectFrom('tenants').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The tenant's time zone, whose local day is "today" for its tenant-wide figures; null when there is no such tenant. */
export async function timeZone(db: Db, id: string): Promise<string | null> {
  const row = await db.selectFrom('tenants').select('time_zone').where('id', '=', id).executeTakeFirst();
  return row ? row.time_zone : null;
}

export async function findByCode(db: Db, code: string) {
  return db.selectFrom('tenants').selectAll().where('code', '=', code).executeTakeFirst();
}

/** The tenant's exceptions to the refusal of internal addresses; null when there is no such tenant. */
export async function outboundAllow(db: Db, id: string): Promise<string[] | null> {
  const row = await db.selectFrom('tenants').select('outbound_allow').where('id', '=', id).executeTakeFirst();
  return row ? row.outbound_allow : null;
}

export async function setOutboundAllow(db: Db, id: string, entries: string[]): Promise<string[] | null> {
  const row = await db
    .updateTable('tenants')
    .set({ outbound_allow: entries })
    .where('id', '=', id)
    .returning('outbound_allow')
    .executeTakeFirst();
  return row ? row.outbound_allow : null;
}
