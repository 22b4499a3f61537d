import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { datesFrom, planFleet } from '@vigie/simulator';
import type { Db } from '@vigie/store';
import { ROLLUP_TEST_ENV } from '../setup/rollups.ts';
import { pushFleetAndRollUp } from '../setup/simulated-fleet.ts';
import { createPlainDatabase } from '../setup/test-db.ts';
import { createTestEnv, waitFor, type TestEnv } from '../setup/test-env.ts';

// Under the citus project only (CITUS_URL): the same seeded fleet, pushed through the API and the
// worker of a Citus database and of a plain PostgreSQL one (VIGIE_TEST_PLAIN_URL), leaves the same
// six rollup tables row for row, once the ids each database generated are read as what they name.
const onCitus = Boolean(process.env.VIGIE_TEST_CITUS);

const plan = planFleet({
  seed: 14,
  devices: 60,
  establishments: 2,
  tenantPrefix: 'citus-eq-',
  outageFromMinute: 0,
  outageToMinute: 24 * 60,
});
// Monday 9 to Sunday 15 November 2026: Armistice on Wednesday 11, one collège's network down a day.
const dates = datesFrom('2026-11-09', 7);
const ROLLUP_TABLES = ['device_activity', 'device_idle_streaks', 'establishment_days', 'establishment_periods', 'tenant_days', 'cart_days'];
const ID_COLUMNS = new Set(['establishment_id', 'device_id', 'cart_id']);

/** Each id of the tenant's establishments, carts and devices, as what it names in any database. */
async function namesOf(db: Db, tenantId: string) {
  const establishments = await sql<{ id: string; name: string }>`
    SELECT id, 'establishment ' || uai AS name FROM establishments WHERE tenant_id = ${tenantId}`.execute(db);
  const carts = await sql<{ id: string; name: string }>`
    SELECT c.id, 'cart ' || e.uai || '/' || c.name AS name FROM carts c
    JOIN establishments e ON e.tenant_id = ${tenantId} AND e.id = c.establishment_id WHERE c.tenant_id = ${tenantId}`.execute(db);
  const devices = await sql<{ id: string; name: string }>`
    SELECT ds.device_id AS id, 'device ' || string_agg(s.name || ':' || ds.external_id, ',' ORDER BY s.name, ds.external_id) AS name
    FROM device_sources ds JOIN sources s ON s.tenant_id = ${tenantId} AND s.id = ds.source_id
    WHERE ds.tenant_id = ${tenantId} GROUP BY ds.device_id`.execute(db);
  return new Map([...establishments.rows, ...carts.rows, ...devices.rows].map((r) => [r.id, r.name]));
}

/** The tenant's rows of each rollup table, ids named, without the time they were computed, sorted. */
async function rollupRows(db: Db, tenantId: string) {
  const names = await namesOf(db, tenantId);
  const tables: Record<string, string[]> = {};
  for (const table of ROLLUP_TABLES) {
    const r = await sql<{ row: Record<string, unknown> }>`
      SELECT to_jsonb(t) - 'tenant_id' - 'computed_at' AS row FROM ${sql.table(table)} t WHERE t.tenant_id = ${tenantId}`.execute(db);
    tables[table] = r.rows
      .map(({ row }) => {
        const named = Object.entries(row).map(([k, v]) => [k, ID_COLUMNS.has(k) && typeof v === 'string' ? (names.get(v) ?? v) : v]);
        return JSON.stringify(Object.fromEntries(named.sort(([a], [b]) => String(a).localeCompare(String(b)))));
      })
      .sort();
  }
  return tables;
}

/**
 * Changes the tenant's active threshold through the API, which starts a recompute run of every
 * rolled-up day (the recompute job: rollupDays, up to 40 days of an establishment per statement),
 * and waits until the run is done.
 */
async function recomputeWithThreshold(env: TestEnv, operator: string, activeSeconds: number) {
  const headers = { authorization: `Bearer ${operator}` };
  const res = await env.app.inject({ method: 'PATCH', url: '/v1/settings', headers, payload: { active_seconds: activeSeconds } });
  expect(res.statusCode, res.body).toBe(200);
  const run = res.json().recompute as { id: string; days_total: number };
  const status = async () =>
    ((await env.app.inject({ url: '/v1/recompute', headers })).json().items as { id: string; status: string }[]).find(
      (r) => r.id === run.id,
    )?.status;
  await waitFor(async () => (await status()) === 'done', 180_000, `recompute ${run.id} done`);
  return run;
}

describe.skipIf(!onCitus)('rollups on Citus', () => {
  let plain: TestEnv;
  let citus: TestEnv;
  let onPlain: Awaited<ReturnType<typeof pushFleetAndRollUp>>;
  let onCluster: Awaited<ReturnType<typeof pushFleetAndRollUp>>;

  beforeAll(async () => {
    plain = await createTestEnv(ROLLUP_TEST_ENV, await createPlainDatabase());
    citus = await createTestEnv(ROLLUP_TEST_ENV);
    await plain.startWorker();
    await citus.startWorker();
  }, 180_000);
  afterAll(async () => {
    await plain?.close();
    await citus?.close();
  });

  it('equal plain PostgreSQL rollups, table by table, on the same seeded fleet', async () => {
    const asOf = Date.parse('2026-11-09T03:00:00Z');
    [onPlain, onCluster] = await Promise.all([
      pushFleetAndRollUp(plain, plan, dates, 'plain', asOf),
      pushFleetAndRollUp(citus, plan, dates, 'citus', asOf),
    ]);
    const expected = await rollupRows(plain.db, onPlain.tenant.tenantId);
    const actual = await rollupRows(citus.db, onCluster.tenant.tenantId);
    for (const table of ROLLUP_TABLES) {
      expect(expected[table]!.length, `${table} has rows`).toBeGreaterThan(0);
      expect(actual[table], table).toEqual(expected[table]);
    }
  }, 400_000);

  it('equal plain PostgreSQL rollups after a recompute of every day, several days per statement', async () => {
    const before = await rollupRows(citus.db, onCluster.tenant.tenantId);
    const [runOnPlain, runOnCluster] = await Promise.all([
      recomputeWithThreshold(plain, onPlain.tenant.operator.token, 7_200),
      recomputeWithThreshold(citus, onCluster.tenant.operator.token, 7_200),
    ]);
    // Both establishments' seven days, in one rollup-days job per establishment.
    expect(runOnCluster.days_total).toBe(runOnPlain.days_total);
    expect(runOnCluster.days_total).toBeGreaterThanOrEqual(2 * dates.length);
    const expected = await rollupRows(plain.db, onPlain.tenant.tenantId);
    const actual = await rollupRows(citus.db, onCluster.tenant.tenantId);
    // The new threshold moves decisions: the comparison is not of rows the recompute left alone.
    expect(actual.device_activity).not.toEqual(before.device_activity);
    for (const table of ROLLUP_TABLES) expect(actual[table], table).toEqual(expected[table]);
  }, 400_000);
});
