import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { shippedHolidayPeriods } from '@vigie/calendar';
import { rollupDirty } from '@vigie/store';
import { rollupDay } from '../../services/worker/src/rollup/rollup-day.ts';
import { useTenants, useTestEnv } from '../setup/use-test-env.ts';
import { pureDecisions } from '../setup/pure-decisions.ts';
import { ROLLUP_TEST_ENV, rolledUp } from '../setup/rollups.ts';
import { beats, device, session } from '../setup/events.ts';
import { push } from '../setup/push.ts';
import { streamedEvents } from '../setup/live-client.ts';

// Use is not presence (docs/indicators.md, "Jour actif"): a device switched on all day without use
// is not active when its source delivers use for devices like it.
const MONDAY = '2026-11-16';
const TUESDAY = '2026-11-17';
const env = useTestEnv({ env: ROLLUP_TEST_ENV, worker: true });
const [t] = useTenants(env, 'use-presence');

const decision = async (serial: string, day: string) =>
  (
    await sql<{ signal: string; active: boolean; judged_on_use: boolean; presence_active: boolean }>`
  SELECT a.signal, a.active, a.judged_on_use, a.presence_active FROM device_activity a JOIN devices d ON d.tenant_id = a.tenant_id AND d.id = a.device_id
  WHERE a.tenant_id = ${t.tenantId} AND d.serial = ${`SN-${serial}`} AND a.day = ${day}::date`.execute(env.db)
  ).rows[0];
const day = async (d: string) =>
  (
    await sql<Record<string, unknown>>`
  SELECT in_service, active, active_presence, presence_active, judged_on_use FROM establishment_days
  WHERE tenant_id = ${t.tenantId} AND day = ${d}::date AND dimension = 'all'`.execute(env.db)
  ).rows[0];
async function expectSqlEqualsRule(d: string) {
  const rule = await pureDecisions(env.db, t.tenantId, t.establishmentId, d);
  const rows = (
    await sql<{ device_id: string; signal: string; active: boolean; judged_on_use: boolean; presence_active: boolean }>`
    SELECT device_id, signal, active, judged_on_use, presence_active FROM device_activity WHERE tenant_id = ${t.tenantId} AND day = ${d}::date`.execute(
      env.db,
    )
  ).rows;
  expect(rows.length).toBeGreaterThan(0);
  for (const r of rows) {
    const x = rule.get(r.device_id)!;
    expect(r).toEqual({
      device_id: r.device_id,
      signal: x.signal,
      active: x.active,
      judged_on_use: x.judgedOnUse,
      presence_active: x.presenceActive,
    });
  }
}

beforeAll(async () => {
  await push(
    env,
    t.connector,
    ['r1', 'r2'].map((id) => device(id, { kind: 'desktop', assignment: 'shared_room' })),
  );
  await push(
    env,
    t.connector,
    ['l1', 'l2'].map((id) => device(id, { kind: 'laptop', assignment: 'teacher' })),
  );
  // An interactive display only its inventory agent knows: no use signal ever comes from there.
  await push(env, t.connector, [device('i1', { kind: 'interactive_display', assignment: 'shared_room' })], 'glpi');
  await push(env, t.connector, [
    ...beats('r1', MONDAY, '08:00', '17:30'),
    session('r2', MONDAY, '10:05', 900),
    ...beats('r2', MONDAY, '10:00', '11:00'),
  ]);
  await push(env, t.connector, beats('i1', MONDAY, '08:00', '17:30'), 'glpi');
  await rolledUp(env, t.tenantId);
});

describe('use is not presence', () => {
  it('a room PC left on all day is not active when its source delivers app usage for room PCs; the upper bound counts it', async () => {
    expect(await decision('r1', MONDAY)).toEqual({ signal: 'presence_unused', active: false, judged_on_use: true, presence_active: true });
    expect(await decision('r2', MONDAY)).toEqual({ signal: 'usage', active: true, judged_on_use: true, presence_active: true });
  });

  it('a device with no use signal available at all is still judged on presence, and counted as such', async () => {
    expect(await decision('i1', MONDAY)).toEqual({ signal: 'presence', active: true, judged_on_use: false, presence_active: true });
    // Laptops: no data, and no laptop of their source carried use: judged on presence (offline, inactive).
    expect(await decision('l1', MONDAY)).toEqual({ signal: 'none', active: false, judged_on_use: false, presence_active: false });
    expect(await day(MONDAY)).toEqual({ in_service: 5, active: 2, active_presence: 1, presence_active: 3, judged_on_use: 2 });
    await expectSqlEqualsRule(MONDAY);
  });

  it("the establishment's live stream carries the day's activity rate with the presence-based rate and the coverage", async () => {
    const events = (await streamedEvents(env, t.tenantId, 'establishment.activity')).filter((e) => e.day === MONDAY);
    expect(events.at(-1)).toEqual({
      kind: 'establishment.activity',
      establishment_id: t.establishmentId,
      day: MONDAY,
      school_day: true,
      in_service: 5,
      active: 2,
      activity_rate: 2 / 5,
      presence_rate: 3 / 5,
      coverage: 2 / 5,
      presence_device_days: 3,
    });
  });

  it('use arriving later for another device of the class re-judges a device decided on presence, as a full recompute would', async () => {
    await push(env, t.connector, beats('l1', TUESDAY, '08:00', '12:00'));
    await rolledUp(env, t.tenantId);
    expect(await decision('l1', TUESDAY)).toMatchObject({ signal: 'presence', active: true, judged_on_use: false });
    // The window: Monday's use makes use signals available for r1 on Tuesday too.
    expect(await decision('r1', TUESDAY)).toMatchObject({ signal: 'none', judged_on_use: true });
    await push(env, t.connector, [session('l2', TUESDAY, '14:00', 1200)]);
    await rolledUp(env, t.tenantId);
    expect(await decision('l1', TUESDAY)).toEqual({ signal: 'presence_unused', active: false, judged_on_use: true, presence_active: true });
    const partial = await day(TUESDAY);
    await rollupDirty.mark(env.db, t.tenantId, [{ establishmentId: t.establishmentId, day: TUESDAY }]);
    expect(await rollupDay(env.db, shippedHolidayPeriods(), t.tenantId, t.establishmentId, TUESDAY)).toMatchObject({
      partial: false,
      changed: 0,
    });
    expect(await day(TUESDAY)).toEqual(partial);
    await expectSqlEqualsRule(TUESDAY);
  });
});
