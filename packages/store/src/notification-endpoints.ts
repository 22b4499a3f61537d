import type { Db, Trx } from './db.ts';

export interface EndpointValues {
  kind: string;
  name: string;
  url: string | null;
  email: string | null;
  secret: Buffer | null;
  digest: boolean;
  minSeverity: string;
}

// Every column but the sealed secret: the API never reads it back.
const PUBLIC = [
  'id',
  'kind',
  'name',
  'url',
  'email',
  'enabled',
  'disabled_reason',
  'consecutive_failures',
  'digest',
  'min_severity',
  'created_at',
  'updated_at',
] as const;

export async function list(db: Db, tenantId: string) {
  return db.selectFrom('notification_endpoints').select(PUBLIC).where('tenant_id', '=', tenantId).orderBy('name').execute();
}

export async function find(db: Db, tenantId: string, id: string) {
  return db.selectFrom('notification_endpoints').select(PUBLIC).where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
}

/** The endpoint with its sealed secret, for the delivery job only. */
export async function findForDelivery(db: Db, tenantId: string, id: string) {
  return db.selectFrom('notification_endpoints').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
}

export async function findByName(db: Db, tenantId: string, name: string) {
  return db.selectFrom('notification_endpoints').select('id').where('tenant_id', '=', tenantId).where('name', '=', name).executeTakeFirst();
}

export async function create(db: Db, tenantId: string, e: EndpointValues) {
  return db
    .insertInto('notification_endpoints')
    .values({
      tenant_id: tenantId,
      kind: e.kind,
      name: e.name,
      url: e.url,
      email: e.email,
      secret: e.secret,
      digest: e.digest,
      min_severity: e.minSeverity,
    })
    .returning(PUBLIC)
    .executeTakeFirstOrThrow();
}

export async function update(
  db: Db,
  tenantId: string,
  id: string,
  patch: { name?: string; url?: string; email?: string; digest?: boolean; minSeverity?: string; enabled?: boolean },
) {
  return db
    .updateTable('notification_endpoints')
    .set({
      ...(patch.name !== undefined && { name: patch.name }),
      ...(patch.url !== undefined && { url: patch.url }),
      ...(patch.email !== undefined && { email: patch.email }),
      ...(patch.digest !== undefined && { digest: patch.digest }),
      ...(patch.minSeverity !== undefined && { min_severity: patch.minSeverity }),
      // Re-enabling forgets the failures that disabled it.
      ...(patch.enabled !== undefined && { enabled: patch.enabled, disabled_reason: null, consecutive_failures: 0 }),
      updated_at: new Date(),
    })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .returning(PUBLIC)
    .executeTakeFirst();
}

export async function remove(db: Db, tenantId: string, id: string): Promise<boolean> {
  const result = await db.deleteFrom('notification_endpoints').where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** Enabled endpoints that want alerts of `severity` (info < warning < critical). */
export async function listForSeverity(db: Db | Trx, tenantId: string, severity: string) {
  const ranks: Record<string, number> = { info: 0, warning: 1, critical: 2 };
  const accepted = Object.keys(ranks).filter((s) => ranks[s]! <= (ranks[severity] ?? 0));
  return db
    .selectFrom('notification_endpoints')
    .select(['id', 'kind'])
    .where('tenant_id', '=', tenantId)
    .where('enabled', '=', true)
    .where('min_severity', 'in', accepted)
    .execute();
}

/** Counts a delivery's final outcome; `disableAfter` failures in a row disable the endpoint. */
export async function recordOutcome(
  db: Db | Trx,
  tenantId: string,
  id: string,
  delivered: boolean,
  disableAfter: number,
  lastError: string | null,
) {
  if (delivered) {
    await db
      .updateTable('notification_endpoints')
      .set({ consecutive_failures: 0 })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .execute();
    return { disabled: false };
  }
  const row = await db
    .updateTable('notification_endpoints')
    .set((eb) => ({ consecutive_failures: eb('consecutive_failures', '+', 1) }))
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .returning(['consecutive_failures', 'enabled'])
    .executeTakeFirst();
  if (!row || !row.enabled || row.consecutive_failures < disableAfter) return { disabled: false };
  await db
    .updateTable('notification_endpoints')
    .set({
      enabled: false,
      disabled_reason: `${row.consecutive_failures} deliveries failed in a row; last: ${lastError ?? 'unknown'}`,
      updated_at: new Date(),
    })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .execute();
  return { disabled: true };
}

/** Enabled webhook endpoints that receive the daily digest. */
export async function listForDigest(db: Db, tenantId: string) {
  return db
    .selectFrom('notification_endpoints')
    .select(['id', 'kind'])
    .where('tenant_id', '=', tenantId)
    .where('enabled', '=', true)
    .where('digest', '=', true)
    .execute();
}
