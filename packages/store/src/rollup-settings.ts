import { sql } from 'kysely';
import { RollupDefaults, RollupSettings } from '@vigie/contracts';
import type { Db, Trx } from './db.ts';

// One column per key of RollupSettings: the column list is the schema's, so a new setting needs no
// change here. Objects travel as JSON (jsonb columns).
const KEYS = Object.keys(RollupSettings.shape) as (keyof RollupSettings)[];
const COLUMNS = sql.join(KEYS.map((k) => sql.ref(k)));
const toParam = (value: unknown) => (value !== null && typeof value === 'object' ? JSON.stringify(value) : value);

/** The tenant's rollup settings, or the defaults when it never set any. */
export async function get(db: Db | Trx, tenantId: string): Promise<RollupSettings> {
  const row = await sql<RollupSettings>`SELECT ${COLUMNS} FROM tenant_rollup_settings WHERE tenant_id = ${tenantId}`.execute(db);
  return row.rows[0] ? { ...RollupDefaults, ...row.rows[0] } : (structuredClone(RollupDefaults) as RollupSettings);
}

// jsonb keeps its own key order ("to" before "from"): values are compared with keys sorted.
const canonical = (value: unknown): string =>
  value !== null && typeof value === 'object'
    ? `{${Object.keys(value)
        .sort()
        .map((k) => `${k}:${canonical((value as Record<string, unknown>)[k])}`)
        .join(',')}}`
    : JSON.stringify(value);

/** Keys whose value differs between two settings. */
export function changedKeys(before: Partial<RollupSettings>, after: Partial<RollupSettings>): (keyof RollupSettings)[] {
  return KEYS.filter((k) => canonical(before[k]) !== canonical(after[k]));
}

/** Sets some settings (the others keep their value or default); returns them and the keys that changed. */
export async function set(db: Db | Trx, tenantId: string, changes: Partial<RollupSettings>) {
  const before = await get(db, tenantId);
  const next = { ...before, ...changes };
  await sql`
    INSERT INTO tenant_rollup_settings (tenant_id, ${COLUMNS}) VALUES (${tenantId}, ${sql.join(KEYS.map((k) => sql`${toParam(next[k])}`))})
    ON CONFLICT (tenant_id) DO UPDATE SET ${sql.join(KEYS.map((k) => sql`${sql.ref(k)} = EXCLUDED.${sql.ref(k)}`))}, updated_at = EXCLUDED.updated_at`.execute(
    db,
  );
  return { settings: next, changed: changedKeys(before, next) };
}
