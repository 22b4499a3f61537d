import type { EstablishmentOverrides, RollupSettings } from '@vigie/contracts';
import type { Db, Trx } from './db.ts';
import * as rollupSettings from './rollup-settings.ts';

/**
 * What an establishment sets itself: the keys of establishment_rollup_settings.overrides, and its
 * weekly rhythm (establishments.rhythm, also set by PATCH /v1/establishments/{uai}).
 */
export async function overrides(db: Db | Trx, tenantId: string, establishmentId: string): Promise<EstablishmentOverrides> {
  const row = await db
    .selectFrom('establishments as e')
    .leftJoin('establishment_rollup_settings as s', (join) =>
      join.onRef('s.tenant_id', '=', 'e.tenant_id').onRef('s.establishment_id', '=', 'e.id'),
    )
    .select(['s.overrides', 'e.rhythm'])
    .where('e.tenant_id', '=', tenantId)
    .where('e.id', '=', establishmentId)
    .executeTakeFirst();
  if (!row) return {};
  return {
    ...(row.overrides as EstablishmentOverrides | null),
    ...(row.rhythm ? { weekly_rhythm: row.rhythm as RollupSettings['weekly_rhythm'] } : {}),
  };
}

/** Replaces an establishment's overrides (its rhythm included); returns the keys whose value changed. */
export async function replace(db: Db | Trx, tenantId: string, establishmentId: string, next: EstablishmentOverrides) {
  const before = await overrides(db, tenantId, establishmentId);
  const { weekly_rhythm: rhythm, ...rest } = next;
  await db
    .updateTable('establishments')
    .set({ rhythm: rhythm ?? null })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', establishmentId)
    .execute();
  await db
    .insertInto('establishment_rollup_settings')
    .values({ tenant_id: tenantId, establishment_id: establishmentId, overrides: JSON.stringify(rest) })
    .onConflict((oc) =>
      oc
        .columns(['tenant_id', 'establishment_id'])
        .doUpdateSet((eb) => ({ overrides: eb.ref('excluded.overrides'), updated_at: eb.ref('excluded.updated_at') })),
    )
    .execute();
  return rollupSettings.changedKeys(before, next);
}

/** The settings an establishment's rollups use: its overrides over the tenant's settings. */
export async function effective(db: Db | Trx, tenantId: string, establishmentId: string): Promise<RollupSettings> {
  const [tenant, own] = await Promise.all([rollupSettings.get(db, tenantId), overrides(db, tenantId, establishmentId)]);
  return { ...tenant, ...own };
}
