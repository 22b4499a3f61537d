import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { useTenants, useTestEnv } from '../setup/use-test-env.ts';
import { ROLLUP_TEST_ENV, rolledUp, rollUpRange } from '../setup/rollups.ts';
import { device, session } from '../setup/events.ts';
import { push } from '../setup/push.ts';

// Found by test/simulator/simulated-rollups.test.ts: when activity batches were stored before the
// inventory, devices placed after their establishment's day was first rolled up stayed out of its
// in-service count, since later late data only redid the decisions of the devices it concerned.

const MONDAY = '2026-11-16';
const TUESDAY = '2026-11-17';
const env = useTestEnv({ env: ROLLUP_TEST_ENV, worker: true });
const [t] = useTenants(env, 'late-place');

const inService = async (day = MONDAY) =>
  (
    await sql<{ in_service: number }>`
  SELECT in_service FROM establishment_days WHERE tenant_id = ${t.tenantId} AND establishment_id = ${t.establishmentId}
    AND day = ${day}::date AND dimension = 'all' AND value = 'all'`.execute(env.db)
  ).rows[0]?.in_service;

describe('a device placed after its day was rolled up', () => {
  it('counts in service once late data recomputes that day, even if the late data is about another device', async () => {
    await push(env, t.connector, [device('a1', { kind: 'tablet', assignment: 'individual' })]);
    await push(env, t.connector, [session('a1', MONDAY, '10:00', 600)]);
    await rolledUp(env, t.tenantId);
    expect(await inService()).toBe(1);

    // b1 reaches Vigie's inventory later (its record is dated before Monday), without any data of its own.
    await push(env, t.connector, [device('b1', { kind: 'tablet', assignment: 'individual' })]);
    await rolledUp(env, t.tenantId);
    await push(env, t.connector, [session('a1', MONDAY, '14:00', 600)]);
    await rolledUp(env, t.tenantId);
    expect(await inService()).toBe(2);
  });

  // Found by test/simulator/simulated-rollup-totals.test.ts: a day only an inventory record was
  // observed on, rolled up while the rest of the inventory was still in flight, kept part of it.
  it('counts in service on a day no later data touches, once its inventory arrives', async () => {
    await push(env, t.connector, [device('c1', { kind: 'laptop', assignment: 'teacher' }), session('c1', TUESDAY, '10:00', 600)]);
    await rolledUp(env, t.tenantId);
    expect(await inService(TUESDAY)).toBe(3);

    await push(env, t.connector, [device('d1', { kind: 'laptop', assignment: 'teacher' })]);
    await rolledUp(env, t.tenantId);
    expect(await inService(TUESDAY)).toBe(4);
  });

  // The API-side path (services/api/src/devices/resolve-attributes.ts): an asset register that
  // backdates a device's acquisition puts it in service on days already rolled up without it.
  it('counts in service on days rolled up before an asset register import backdated its acquisition', async () => {
    const JUNE = '2026-06-15';
    // e1 has no acquisition date: in service from its first inventory (September); f1 since 2025.
    await push(env, t.connector, [device('e1', { kind: 'tablet', acquired_on: undefined }), device('f1', { kind: 'tablet' })]);
    await rollUpRange(env, t.tenantId, [t.establishmentId], JUNE, JUNE);
    const before = await inService(JUNE);

    const csv = 'numero_serie;date_achat\nSN-e1;01/09/2025\n';
    const res = await env.app.inject({
      method: 'POST',
      url: '/v1/assets/import',
      headers: { authorization: `Bearer ${t.operator}`, 'content-type': 'text/csv' },
      payload: csv,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ imported: 1, devices_enriched: 1 });
    await rolledUp(env, t.tenantId);
    expect(await inService(JUNE)).toBe(before! + 1);
  });
});
