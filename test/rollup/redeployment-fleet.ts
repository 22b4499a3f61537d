import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { addDays, shippedHolidayPeriods } from '@vigie/calendar';
import { deviceListing, deviceObsolescence, redeployment, rollupDirty } from '@vigie/store';
import { rollupDay } from '../../services/worker/src/rollup/rollup-day.ts';
import { rollupDays } from '../../services/worker/src/rollup/rollup-days.ts';
import { addCollege, type SeededTenant, type TestEnv } from '../setup/test-env.ts';

// The renewal forecast's redeployment count (redeployment.countObsoleteIdle) reads what each idle
// streak row carries of its device (migration 0073), kept by triggers. These checks hold it equal
// to the device list's filter it replaced (deviceListing.count: idle, obsolete, in service), on a
// fleet rolled up by both rollup paths, then after every change that moves one of the two: a
// device retired, put in stock, moved, deleted, re-flagged, unflagged, gone offline; a new day
// rolled up. Run with the statement triggers (plain PostgreSQL) and with the row triggers (Citus).

const holidays = shippedHolidayPeriods();
const FROM = '2026-11-02';
const TO = '2026-12-03';
const TODAY = new Date().toISOString().slice(0, 10);
const days: string[] = [];
for (let d = FROM; d <= TO; d = addDays(d, 1)) days.push(d);

export function redeploymentChecks(env: TestEnv, t: SeededTenant) {
  let secondId = '';
  const q = (serial: string) => sql`(SELECT id FROM devices WHERE tenant_id = ${t.tenantId} AND serial = ${serial})`;

  async function rollUp(establishmentId: string, list: string[], path: 'day' | 'days') {
    await rollupDirty.mark(
      env.db,
      t.tenantId,
      list.map((day) => ({ establishmentId, day })),
    );
    if (path === 'days') await rollupDays(env.db, holidays, t.tenantId, establishmentId, list);
    else for (const day of list) await rollupDay(env.db, holidays, t.tenantId, establishmentId, day);
  }

  async function seedDays(list: string[]) {
    await sql`
      INSERT INTO device_days (tenant_id, device_id, day, establishment_id, presence, heartbeats, usage_seconds)
      SELECT d.tenant_id, d.id, k.day, d.establishment_id, repeat('0', 96)::bit(96), 1, 900
      FROM devices d, unnest(${list}::date[]) AS k(day), LATERAL (SELECT substr(d.serial, 3)::int AS g, k.day - DATE '2026-11-01' AS i) s
      WHERE d.tenant_id = ${t.tenantId} AND s.g % 5 <> 0 AND (s.g + s.i) % (s.g % 7 + 2) <> 0
      ON CONFLICT DO NOTHING`.execute(env.db);
  }

  /** Both counts for each threshold asked, the settings' and one establishment's scope. */
  async function expectSameCounts() {
    const sizes: number[] = [];
    const cases: { schoolDays: deviceListing.Threshold; offlineDays: deviceListing.Threshold }[] = [
      { schoolDays: { tenant: 10 }, offlineDays: { tenant: 14 } },
      ...[1, 2, 3, 5, 8].map((n) => ({ schoolDays: { asked: n, tenant: 10 }, offlineDays: { asked: 3, tenant: 14 } })),
    ];
    for (const idle of cases)
      for (const establishmentIds of [undefined, [secondId]]) {
        for (const until of [TODAY, '2027-09-01']) {
          const direct = await deviceListing.count(env.db, t.tenantId, {
            obsolete: { reason: 'any', until },
            inService: true,
            idle,
            ...(establishmentIds ? { establishmentIds } : {}),
          });
          const kept = await redeployment.countObsoleteIdle(env.db, t.tenantId, {
            idle,
            until,
            establishmentIds: establishmentIds ?? null,
          });
          expect(
            kept,
            `idle over ${idle.schoolDays.asked ?? 'the settings'}, ${establishmentIds ? 'one' : 'every'} establishment, until ${until}`,
          ).toBe(direct);
          sizes.push(direct);
        }
      }
    return sizes;
  }

  async function setUp() {
    secondId = await addCollege(env, t.tenantId, '0770935Y', 'Collège B');
    // 40 devices per establishment: device g never reports when g % 5 == 0 and misses some days
    // otherwise, so streaks of every length end on the last day; every third is flagged obsolete
    // (one of them in a year), one in 8 is last seen 20 days ago, one in 13 never connected.
    for (const [e, first] of [
      [t.establishmentId, 0],
      [secondId, 40],
    ] as const) {
      await sql`
        INSERT INTO devices (tenant_id, establishment_id, kind, serial, serial_key, assignment, status, provisional, first_seen, last_contact)
        SELECT ${t.tenantId}, ${e}, 'laptop', 'SN' || g, 'SN' || g, 'individual', 'in_service', false, TIMESTAMPTZ '2026-09-01',
               CASE WHEN g % 13 = 6 THEN NULL WHEN g % 8 = 3 THEN now() - interval '20 days' ELSE now() END
        FROM generate_series(${first}::int, ${first + 39}::int) g`.execute(env.db);
    }
    const flagged = await sql<{ id: string; g: number }>`
      SELECT id, substr(serial, 3)::int AS g FROM devices WHERE tenant_id = ${t.tenantId} AND substr(serial, 3)::int % 3 = 0`.execute(
      env.db,
    );
    await deviceObsolescence.upsertMany(
      env.db,
      t.tenantId,
      flagged.rows.map((d) => ({
        deviceId: d.id,
        reason: 'age',
        appliesFrom: d.g % 2 === 0 ? '2026-01-01' : '2027-06-01',
        detail: 'test',
      })),
      new Date(),
    );
    await seedDays(days);
    await rollUp(t.establishmentId, days, 'day');
    await rollUp(secondId, days, 'days');
  }

  describe('the redeployment count from the idle streaks', () => {
    it('equals the device list filter on a fleet rolled up by both paths', async () => {
      await setUp();
      const sizes = await expectSameCounts();
      expect(sizes.some((s) => s > 3)).toBe(true);
      expect(new Set(sizes).size).toBeGreaterThan(3);
    }, 120_000);

    it('stays equal after a device is retired, one put in stock, one moved and one deleted', async () => {
      await sql`UPDATE devices SET status = 'retired' WHERE tenant_id = ${t.tenantId} AND serial = 'SN5'`.execute(env.db);
      await sql`UPDATE devices SET assignment = 'stock' WHERE tenant_id = ${t.tenantId} AND serial = 'SN45'`.execute(env.db);
      await sql`UPDATE devices SET establishment_id = ${secondId} WHERE tenant_id = ${t.tenantId} AND serial = 'SN15'`.execute(env.db);
      await sql`DELETE FROM devices WHERE tenant_id = ${t.tenantId} AND serial = 'SN30'`.execute(env.db);
      await expectSameCounts();
      // Back in service, and back where it was: its rows count again.
      await sql`UPDATE devices SET status = 'in_service' WHERE tenant_id = ${t.tenantId} AND serial = 'SN5'`.execute(env.db);
      await sql`UPDATE devices SET establishment_id = ${t.establishmentId} WHERE tenant_id = ${t.tenantId} AND serial = 'SN15'`.execute(
        env.db,
      );
      await expectSameCounts();
    });

    it('stays equal after flags are added, moved, and dropped by an evaluation', async () => {
      const at = new Date();
      await sql`INSERT INTO device_obsolescence (tenant_id, device_id, reason, applies_from, detail, evaluated_at)
        SELECT ${t.tenantId}, id, 'battery', DATE '2026-02-01', 'test', ${at} FROM devices
        WHERE tenant_id = ${t.tenantId} AND serial IN ('SN10', 'SN55', 'SN70')`.execute(env.db);
      await sql`UPDATE device_obsolescence SET applies_from = DATE '2028-01-01'
        WHERE tenant_id = ${t.tenantId} AND device_id IN (${q('SN60')}, ${q('SN20')})`.execute(env.db);
      await expectSameCounts();
      await deviceObsolescence.deleteStale(env.db, t.tenantId, at);
      await expectSameCounts();
    });

    it('stays equal when devices go offline or connect, and after the rollup of a new day', async () => {
      await sql`UPDATE devices SET last_contact = now() - interval '30 days' WHERE tenant_id = ${t.tenantId} AND serial IN ('SN25', 'SN65')`.execute(
        env.db,
      );
      await sql`UPDATE devices SET last_contact = now() WHERE tenant_id = ${t.tenantId} AND serial IN ('SN3', 'SN19')`.execute(env.db);
      await expectSameCounts();
      // In stock, then late data ends their runs on an old day: the rollups write their later
      // streaks anew, as devices no longer in service.
      await sql`UPDATE devices SET assignment = 'stock' WHERE tenant_id = ${t.tenantId} AND serial IN ('SN10', 'SN55')`.execute(env.db);
      await sql`INSERT INTO device_days (tenant_id, device_id, day, establishment_id, presence, heartbeats, usage_seconds)
        SELECT tenant_id, id, DATE '2026-11-20', establishment_id, repeat('0', 96)::bit(96), 1, 900 FROM devices
        WHERE tenant_id = ${t.tenantId} AND serial IN ('SN10', 'SN55')`.execute(env.db);
      await rollUp(t.establishmentId, ['2026-11-20'], 'day');
      await rollUp(secondId, ['2026-11-20'], 'days');
      await expectSameCounts();
      const next = ['2026-12-04'];
      await seedDays(next);
      await rollUp(t.establishmentId, next, 'day');
      await rollUp(secondId, next, 'days');
      await expectSameCounts();
    });
  });
}
