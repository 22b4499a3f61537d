import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { shippedHolidayPeriods } from '@vigie/calendar';
import { deviceListing, deviceObsolescence, redeployment, rollupDirty } from '@vigie/store';
import { rollupDay } from '../../services/worker/src/rollup/rollup-day.ts';
import { waitForLockWait } from '../setup/test-env.ts';
import { useTenants, useTestEnv } from '../setup/use-test-env.ts';

// A device retired while a rollup of its establishment is writing its streak rows: the trigger on
// devices (migration 0073) waits for the rollup's lock, then sees the rows the rollup committed,
// so the redeployment count never keeps the device's former state. The rollup is played by a
// transaction that takes its lock and writes the device's row as the rollup would (in service).

const env = useTestEnv();
const [t] = useTenants(env, 'redeployment-race');
const DAYS = ['2026-11-30', '2026-12-01', '2026-12-02', '2026-12-03'];
const idle = { schoolDays: { asked: 2, tenant: 10 }, offlineDays: { tenant: 14 } };
const until = '2030-01-01';

const counts = async () => ({
  kept: await redeployment.countObsoleteIdle(env.db, t.tenantId, { idle, until }),
  direct: await deviceListing.count(env.db, t.tenantId, { idle, inService: true, obsolete: { reason: 'any', until } }),
});

beforeAll(async () => {
  await sql`
    INSERT INTO devices (tenant_id, establishment_id, kind, serial, serial_key, assignment, status, provisional, first_seen, last_contact)
    SELECT ${t.tenantId}, ${t.establishmentId}, 'laptop', 'RC' || g, 'RC' || g, 'individual', 'in_service', false, TIMESTAMPTZ '2026-09-01', now()
    FROM generate_series(1, 6) g`.execute(env.db);
  const ids = (await sql<{ id: string }>`SELECT id FROM devices WHERE tenant_id = ${t.tenantId}`.execute(env.db)).rows;
  await deviceObsolescence.upsertMany(
    env.db,
    t.tenantId,
    ids.map((d) => ({ deviceId: d.id, reason: 'age', appliesFrom: '2026-01-01', detail: 'test' })),
    new Date(),
  );
  // Devices RC1-RC3 report every day, RC4-RC6 never: the last three are idle.
  await sql`
    INSERT INTO device_days (tenant_id, device_id, day, establishment_id, presence, heartbeats, usage_seconds)
    SELECT d.tenant_id, d.id, k.day, d.establishment_id, repeat('0', 96)::bit(96), 1, 900
    FROM devices d, unnest(${DAYS}::date[]) AS k(day) WHERE d.tenant_id = ${t.tenantId} AND d.serial IN ('RC1', 'RC2', 'RC3')`.execute(
    env.db,
  );
  await rollupDirty.mark(
    env.db,
    t.tenantId,
    DAYS.map((day) => ({ establishmentId: t.establishmentId, day })),
  );
  for (const day of DAYS) await rollupDay(env.db, shippedHolidayPeriods(), t.tenantId, t.establishmentId, day);
});

describe('the redeployment count while a rollup writes streaks', () => {
  it('sees a device retired during the rollup once the rollup commits', async () => {
    expect(await counts()).toEqual({ kept: 3, direct: 3 });
    const device = sql`(SELECT id FROM devices WHERE tenant_id = ${t.tenantId} AND serial = 'RC4')`;
    let retired: Promise<unknown> | undefined;
    await env.db.transaction().execute(async (trx) => {
      await sql`SELECT pg_advisory_xact_lock(hashtextextended(${`periods:${t.tenantId}:${t.establishmentId}`}, 0))`.execute(trx);
      // What a rollup writes for the device on its last day: judged in service when it read it.
      await sql`DELETE FROM device_idle_streaks WHERE tenant_id = ${t.tenantId} AND device_id = ${device} AND day = '2026-12-03'`.execute(
        trx,
      );
      await sql`INSERT INTO device_idle_streaks (tenant_id, establishment_id, day, streak, device_id, in_service_here, first_obsolete)
        VALUES (${t.tenantId}, ${t.establishmentId}, '2026-12-03', 4, ${device}, true, '2026-01-01')`.execute(trx);
      retired = sql`UPDATE devices SET status = 'retired' WHERE tenant_id = ${t.tenantId} AND serial = 'RC4'`.execute(env.db);
      // The retirement waits for the rollup's lock (without it, it would wait only for the row the
      // rollup replaced, then find it gone and miss the new one).
      await waitForLockWait(env, 'the retirement to wait for the rollup');
    });
    await retired;
    expect(await counts()).toEqual({ kept: 2, direct: 2 });
  });
});
