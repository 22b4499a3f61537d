import { sql } from 'kysely';
import type { EstablishmentOverrides, RollupSettings } from '@vigie/contracts';
import type { Db, Trx } from './db.ts';
import * as rollupSettings from './rollup-settings.ts';

/**
 * What an establishment sets itself: the keys of establishment_rollup_settings.overrides, and its
 * weekly rhythm (establishments.rhythm, also set by PATCH /v1/establishments/{uai}).
 */
export async function overrides(db: Db | Trx, tenantId: string, establishmentId: string): Promise<EstablishmentOverrides> {
  const r = await sql<{ overrides: EstablishmentOverrides | null; rhythm: string | null }>`
    SELECT s.overrides, e.rhythm FROM establishments e
    LEFT JOIN establishment_rollup_settings s ON s.tenant_id = e.tenant_id AND s.establishment_id = e.id
    WHERE e.tenant_id = ${tenantId} AND e.id = ${establishmentId}`.execute(db);
  const row = r.rows[0];
  if (!row) return {};
  return { ...row.overrides, ...(row.rhythm ? { weekly_rhythm: row.rhythm as RollupSettings['weekly_rhythm'] } : {}) };
}

/** Replaces an establishment's overrides (its rhythm included); returns the keys whose value changed. */
export async function replace(db: Db | Trx, tenantId: string, establishmentId: string, next: EstablishmentOverrides) {
  const before = await overrides(db, tenantId, establishmentId);
  const { weekly_rhythm: rhythm, ...rest } = next;
  await sql`UPDATE establishments SET rhythm = ${rhythm ?? null} WHERE tenant_id = ${tenantId} AND id = ${establishmentId}`.execute(db);
  await sql`
    INSERT INTO establishment_rollup_settings (tenant_id, establishment_id, overrides) VALUES (${tenantId}, ${establishmentId}, ${JSON.stringify(rest)}::jsonb)
    ON CONFLICT (tenant_id, establishment_id) DO UPDATE SET overrides = EXCLUDED.overrides, updated_at = now()`.execute(db);
  return rollupSettings.changedKeys(before, next);
}

/** The settings an establishment's rollups use: its overrides over the tenant's settings. */
export async function effective(db: Db | Trx, tenantId: string, establishmentId: string): Promise<RollupSettings> {
  const [tenant, own] = await Promise.all([rollupSettings.get(db, tenantId), overrides(db, tenantId, establishmentId)]);
  return { ...tenant, ...own };
}
