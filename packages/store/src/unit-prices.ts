import { sql } from 'kysely';
import { DefaultUnitPrices } from '@vigie/contracts';
import type { Db } from './db.ts';

/** Unit price per kind: the tenant's, completed by the defaults. */
export async function list(db: Db, tenantId: string): Promise<Record<string, number>> {
  const rows = await db.selectFrom('unit_prices').select(['kind', 'price_eur']).where('tenant_id', '=', tenantId).execute();
  return { ...DefaultUnitPrices, ...Object.fromEntries(rows.map((row) => [row.kind, Number(row.price_eur)])) };
}

export async function set(db: Db, tenantId: string, prices: Record<string, number>) {
  const entries = Object.entries(prices);
  if (entries.length === 0) return;
  // unnest keeps one statement shape whatever the number of kinds.
  await sql`
    INSERT INTO unit_prices (tenant_id, kind, price_eur)
    SELECT ${tenantId}, t.kind, t.price FROM unnest(${entries.map((e) => e[0])}::text[], ${entries.map((e) => e[1])}::numeric[]) AS t(kind, price)
    ON CONFLICT (tenant_id, kind) DO UPDATE SET price_eur = EXCLUDED.price_eur`.execute(db);
}
