import type { Db } from './db.ts';

export interface RuleValues {
  kind: string;
  name: string;
  severity: string;
  enabled: boolean;
  params: Record<string, unknown>;
  overrides: Record<string, Record<string, unknown>>;
}

export async function list(db: Db, tenantId: string, onlyEnabled = false) {
  let q = db.selectFrom('alert_rules').selectAll().where('tenant_id', '=', tenantId);
  if (onlyEnabled) q = q.where('enabled', '=', true);
  return q.orderBy('name').execute();
}

export async function find(db: Db, tenantId: string, id: string) {
  return db.selectFrom('alert_rules').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
}

export async function findByName(db: Db, tenantId: string, name: string) {
  return db.selectFrom('alert_rules').select('id').where('tenant_id', '=', tenantId).where('name', '=', name).executeTakeFirst();
}

export async function create(db: Db, tenantId: string, r: RuleValues) {
  return db
    .insertInto('alert_rules')
    .values({
      tenant_id: tenantId,
      kind: r.kind,
      name: r.name,
      severity: r.severity,
      enabled: r.enabled,
      params: JSON.stringify(r.params),
      overrides: JSON.stringify(r.overrides),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function update(db: Db, tenantId: string, id: string, r: Omit<RuleValues, 'kind'>) {
  return db
    .updateTable('alert_rules')
    .set({
      name: r.name,
      severity: r.severity,
      enabled: r.enabled,
      params: JSON.stringify(r.params),
      overrides: JSON.stringify(r.overrides),
      updated_at: new Date(),
    })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

export async function remove(db: Db, tenantId: string, id: string): Promise<boolean> {
  const result = await db.deleteFrom('alert_rules').where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
  return result.numDeletedRows > 0n;
}
