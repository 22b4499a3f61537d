import { sql } from 'kysely';
import { expect } from 'vitest';
import type { HolidayPeriod } from '@vigie/calendar';
import { rollupDirty, type Db } from '@vigie/store';
import { rollupDay } from '../../services/worker/src/rollup/rollup-day.ts';
import { rollupDays } from '../../services/worker/src/rollup/rollup-days.ts';

// The two ways the worker rolls establishment-days up (day by day, and several days in one pass for
// a recompute), run over the same establishments and days, and what they write, so that a test can
// require them equal to each other and to an earlier state.

/**
 * Every row the rollup wrote to `tables` for the tenant (only days from..to when given), as JSON
 * text without `computed_at` nor the columns named in `omit`, sorted: two snapshots are equal when
 * the rollups wrote the same rows.
 */
export async function rollupRows(
  db: Db,
  tenantId: string,
  tables: string[],
  options: { from?: string; to?: string; omit?: string[] } = {},
): Promise<Record<string, string[]>> {
  const omit = ['computed_at', ...(options.omit ?? [])];
  const inRange = options.from && options.to ? sql`AND x.day BETWEEN ${options.from}::date AND ${options.to}::date` : sql``;
  const out: Record<string, string[]> = {};
  for (const table of tables) {
    const r = await sql<{ row: string }>`
      SELECT (to_jsonb(x) - ${omit}::text[])::text AS row FROM ${sql.table(table)} x WHERE x.tenant_id = ${tenantId} ${inRange} ORDER BY 1`.execute(
      db,
    );
    out[table] = r.rows.map((x) => x.row);
  }
  return out;
}

/**
 * Marks every day of every establishment dirty, then rolls them up by one of the two paths. The
 * environment and tenant are read at each call: a test file builds this before its beforeAll runs.
 */
export function rollupPaths(
  env: { readonly db: Db },
  holidays: HolidayPeriod[],
  tenant: { readonly tenantId: string },
  establishments: () => string[],
  days: string[],
) {
  const markAll = () =>
    rollupDirty.mark(
      env.db,
      tenant.tenantId,
      establishments().flatMap((establishmentId) => days.map((day) => ({ establishmentId, day }))),
    );
  return {
    markAll,
    async dayByDay() {
      await markAll();
      for (const establishmentId of establishments())
        for (const day of days) await rollupDay(env.db, holidays, tenant.tenantId, establishmentId, day);
    },
    async severalDays() {
      await markAll();
      for (const establishmentId of establishments())
        expect((await rollupDays(env.db, holidays, tenant.tenantId, establishmentId, days)).status).toBe('rolled_up');
    },
  };
}
