import { sql } from 'kysely';
import type { Db } from './db.ts';

export interface CatalogEntry {
  appId: string;
  category: string;
  name: string | null;
}

/** Adds or reclassifies apps of the tenant's catalogue. */
export async function upsertMany(db: Db, tenantId: string, entries: CatalogEntry[]) {
  if (entries.length === 0) return;
  // Raw: unnest keeps one statement shape whatever the count; sorted so concurrent upserts lock in one order.
  await sql`
    INSERT INTO app_catalog (tenant_id, app_id, category, name)
    SELECT ${tenantId}, t.app_id, t.category, t.name
    FROM unnest(${entries.map((e) => e.appId)}::text[], ${entries.map((e) => e.category)}::text[], ${entries.map((e) => e.name)}::text[]) AS t(app_id, category, name)
    ORDER BY t.app_id
    ON CONFLICT (tenant_id, app_id) DO UPDATE SET category = EXCLUDED.category, name = COALESCE(EXCLUDED.name, app_catalog.name)`.execute(
    db,
  );
}

export async function list(db: Db, tenantId: string) {
  return db.selectFrom('app_catalog').select(['app_id', 'category', 'name']).where('tenant_id', '=', tenantId).orderBy('app_id').execute();
}
