import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { shippedHolidayPeriods } from '@vigie/calendar';
import { periodsOf } from '@vigie/rollup';
import { pureDecisions } from '../setup/pure-decisions.ts';
import { carts, establishmentPeriods, establishments, rollupDirty, tenantDays } from '@vigie/store';
import { rollupDay } from '../../services/worker/src/rollup/rollup-day.ts';
import { closeDays } from '../../services/worker/src/jobs/maintenance.ts';
import { addCollege, waitForLockWait } from '../setup/test-env.ts';
import { useTenants, useTestEnv } from '../setup/use-test-env.ts';
import { ROLLUP_TEST_ENV, rolledUp } from '../setup/rollups.ts';
import { beats, device, measured, session } from '../setup/events.ts';
import { push } from '../setup/push.ts';

const MONDAY = '2026-11-16';
const TUESDAY = '2026-11-17';
const env = useTestEnv({ env: ROLLUP_TEST_ENV, worker: true });
const [t] = useTenants(env, 'rollup-a');

const row = async (table: string, where: string) =>
  (await sql.raw<Record<string, unknown>>(`SELECT * FROM ${table} WHERE tenant_id = '${t.tenantId}' AND ${where}`).execute(env.db)).rows;
const figures = async (day: string, dimension = 'all', value = 'all', establishmentId = t.establishmentId) =>
  (
    await row(
      'establishment_days',
      `establishment_id = '${establishmentId}' AND day = '${day}' AND dimension = '${dimension}' AND value = '${value}'`,
    )
  )[0];
const snapshot = async () => {
  const strip = (rows: Record<string, unknown>[]) => rows.map(({ computed_at: _c, ...rest }) => rest);
  return {
    devices: await row('device_activity', 'true ORDER BY day, device_id'),
    days: strip(await row('establishment_days', 'true ORDER BY establishment_id, day, dimension, value')),
    periods: strip(await row('establishment_periods', 'true ORDER BY establishment_id, granularity, period_start, dimension, value')),
    tenant: strip(await row('tenant_days', 'true ORDER BY day, dimension, value')),
    carts: strip(await row('cart_days', 'true ORDER BY cart_id, day')),
  };
};

beforeAll(async () => {
  await carts.create(env.db, t.tenantId, t.establishmentId, 'Chariot A');
  const inCart = (id: string) => device(id, { kind: 'tablet', assignment: 'cart', cart: 'Chariot A' });
  await push(env, t.connector, [
    device('u1', { kind: 'tablet', assignment: 'individual' }),
    device('c1', { kind: 'chromebook', assignment: 'individual' }),
    inCart('k1'),
    inCart('k2'),
    inCart('k3'),
    inCart('k4'),
    device('p1', { kind: 'laptop', assignment: 'shared_room' }),
    device('n1', { kind: 'tablet', assignment: 'individual' }),
    device('s1', { kind: 'tablet', assignment: 'individual', status: 'spare' }),
    device('st', { kind: 'tablet', assignment: 'stock' }),
  ]);
  await push(env, t.connector, [
    session('u1', MONDAY, '10:00', 420),
    measured('c1', MONDAY, 1200),
    // A cart charging all night and day: k1 never used, k2-k4 used in a morning lesson.
    ...['k1', 'k2', 'k3', 'k4'].flatMap((k) => beats(k, MONDAY, '00:00', '23:59')),
    ...['k2', 'k3', 'k4'].map((k) => session(k, MONDAY, '09:05', 600)),
    ...beats('p1', MONDAY, '09:00', '10:00'),
    session('u1', TUESDAY, '14:00', 900),
  ]);
  await rolledUp(env, t.tenantId);
});

describe('rollup of an establishment day', () => {
  it('counts in-service devices and active ones on a school day, each on its signal, presence labelled', async () => {
    expect(await figures(MONDAY)).toMatchObject({
      school_day: true,
      half_days: 2,
      in_service: 8,
      online: 7,
      active: 6,
      active_measured: 1,
      active_usage: 4,
      active_presence: 1,
      presence_discounted: 1,
      outage: false,
    });
    expect(await figures(MONDAY, 'assignment', 'cart')).toMatchObject({ in_service: 4, active: 3 });
    expect(await figures(MONDAY, 'assignment', 'individual')).toMatchObject({ in_service: 3, active: 2 });
    expect(await figures(MONDAY, 'kind', 'tablet')).toMatchObject({ in_service: 6, active: 4 });
    const [p1] = await row('device_activity', `day = '${MONDAY}' AND signal = 'presence'`);
    expect(p1).toMatchObject({ active: true, active_seconds: 0, lesson_slots: 4, inferred_seconds: 3600 });
  });

  it('decides every device-day in SQL exactly as the pure rule does', async () => {
    const rule = await pureDecisions(env.db, t.tenantId, t.establishmentId, MONDAY);
    const rows = (
      await sql<{
        device_id: string;
        signal: string;
        active: boolean;
        active_seconds: number;
        lesson_slots: number;
        inferred_seconds: number;
        judged_on_use: boolean;
        presence_active: boolean;
      }>`
      SELECT device_id, signal, active, active_seconds, lesson_slots, inferred_seconds, judged_on_use, presence_active
      FROM device_activity WHERE tenant_id = ${t.tenantId} AND day = ${MONDAY}::date`.execute(env.db)
    ).rows;
    expect(rows.length).toBe(8);
    // n1 (no data) is judged on use: its source delivers app usage for tablets (u1, k2-k4); p1 is not.
    expect(rows.filter((r) => r.judged_on_use).length).toBe(7);
    for (const r of rows) {
      const d = rule.get(r.device_id)!;
      expect(r).toEqual({
        device_id: r.device_id,
        signal: d.signal,
        active: d.active,
        active_seconds: d.activeSeconds,
        lesson_slots: d.lessonSlots,
        inferred_seconds: d.inferredSeconds,
        judged_on_use: d.judgedOnUse,
        presence_active: d.presenceActive,
      });
    }
  });

  it('records cart use per half-day, and rolls up weeks, months and the tenant day', async () => {
    expect((await row('cart_days', `day = '${MONDAY}'`))[0]).toMatchObject({
      devices: 4,
      active_devices: 3,
      used_morning: true,
      used_afternoon: false,
      half_days: 2,
    });
    const [week] = await row('establishment_periods', `granularity = 'week' AND period_start = '${MONDAY}' AND dimension = 'all'`);
    expect(week).toMatchObject({
      school_days: 2,
      in_service_device_days: 16,
      active_device_days: 7,
      in_service_devices: 8,
      reached_devices: 6,
    });
    const [year] = await row('establishment_periods', `granularity = 'school_year' AND dimension = 'all'`);
    expect(year).toMatchObject({ period_start: '2026-09-01', active_device_days: 7, reached_devices: null });
    expect((await row('tenant_days', `day = '${MONDAY}' AND dimension = 'all'`))[0]).toMatchObject({
      establishments: 1,
      in_service: 8,
      active: 6,
    });
  });

  it('recomputing a day twice changes nothing', async () => {
    const before = await snapshot();
    await rollupDirty.mark(env.db, t.tenantId, [{ establishmentId: t.establishmentId, day: MONDAY }]);
    expect(await rollupDay(env.db, shippedHolidayPeriods(), t.tenantId, t.establishmentId, MONDAY)).toMatchObject({
      status: 'rolled_up',
      devices: 8,
      changed: 0,
    });
    expect(await rollupDay(env.db, shippedHolidayPeriods(), t.tenantId, t.establishmentId, MONDAY)).toEqual({
      status: 'skipped',
      reason: 'not dirty',
    });
    expect(await snapshot()).toEqual(before);
  });

  it('late data recomputes only the day it touches, and only its devices, exactly', async () => {
    const tuesday = await figures(TUESDAY);
    await push(env, t.connector, [session('n1', MONDAY, '11:00', 600)]);
    await rolledUp(env, t.tenantId);
    expect(await figures(MONDAY)).toMatchObject({ active: 7, active_usage: 5 });
    expect(await figures(TUESDAY)).toEqual(tuesday);
    // The partial recompute left exactly what a full one gives.
    const before = await snapshot();
    await rollupDirty.mark(env.db, t.tenantId, [{ establishmentId: t.establishmentId, day: MONDAY }]);
    expect(await rollupDay(env.db, shippedHolidayPeriods(), t.tenantId, t.establishmentId, MONDAY)).toMatchObject({
      partial: false,
      changed: 0,
    });
    expect(await snapshot()).toEqual(before);
  });

  it('a mark listing devices redoes only theirs once the day has a base, the whole day before', async () => {
    const [n1] = (await sql<{ id: string }>`SELECT id FROM devices WHERE tenant_id = ${t.tenantId} AND serial = 'SN-n1'`.execute(env.db))
      .rows;
    await rollupDirty.mark(env.db, t.tenantId, [{ establishmentId: t.establishmentId, day: MONDAY, deviceIds: [n1!.id] }]);
    // n1, and p1: a device judged on presence is decided again, since n1's use could make use signals available for it.
    expect(await rollupDay(env.db, shippedHolidayPeriods(), t.tenantId, t.establishmentId, MONDAY)).toMatchObject({
      partial: true,
      devices: 2,
      changed: 0,
    });
    await rollupDirty.mark(env.db, t.tenantId, [{ establishmentId: t.establishmentId, day: '2026-11-18', deviceIds: [n1!.id] }]);
    expect(await rollupDay(env.db, shippedHolidayPeriods(), t.tenantId, t.establishmentId, '2026-11-18')).toMatchObject({
      partial: false,
      devices: 8,
    });
  });

  it('two rollups of one establishment take turns on the periods they share instead of failing', async () => {
    const week = periodsOf(MONDAY).find((p) => p.granularity === 'week')!;
    await rollupDirty.mark(env.db, t.tenantId, [{ establishmentId: t.establishmentId, day: TUESDAY }]);
    let tuesday: ReturnType<typeof rollupDay> | undefined;
    await env.db.transaction().execute(async (trx) => {
      // Monday's rollup, at its periods step and not yet committed, while Tuesday's reaches its own.
      await establishmentPeriods.lockEstablishment(trx, t.tenantId, t.establishmentId);
      await establishmentPeriods.recompute(trx, t.tenantId, t.establishmentId, { ...week, withReach: true });
      tuesday = rollupDay(env.db, shippedHolidayPeriods(), t.tenantId, t.establishmentId, TUESDAY);
      // Commit only once Tuesday's rollup waits on this one: then they do collide.
      await waitForLockWait(env, "Tuesday's rollup to wait on Monday's periods");
    });
    await expect(tuesday!).resolves.toMatchObject({ status: 'rolled_up' });
    const [sums] = await row('establishment_periods', `granularity = 'week' AND period_start = '${MONDAY}' AND dimension = 'all'`);
    expect(sums).toMatchObject({ school_days: 3, in_service_device_days: 24 });
  });

  it('a replayed batch dirties nothing', async () => {
    await push(env, t.connector, [session('n1', MONDAY, '11:00', 600)]);
    await rolledUp(env, t.tenantId);
    expect(await figures(MONDAY)).toMatchObject({ active: 7 });
  });
});

describe('outage, time zones and daylight saving', () => {
  it('flags an establishment outage when its reporting devices all go silent, with no data that day', async () => {
    const otherId = await addCollege(env, t.tenantId, '0770935Y', 'Collège en panne');
    const ids = ['o1', 'o2', 'o3', 'o4', 'o5'];
    await push(env, t.connector, [
      ...ids.map((id) => device(id, { kind: 'laptop', assignment: 'shared_room' }, '0770935Y')),
      ...ids.flatMap((id) => ['2026-11-09', '2026-11-10', '2026-11-12', '2026-11-13'].flatMap((d) => beats(id, d, '09:00', '09:30'))),
    ]);
    await rolledUp(env, t.tenantId);
    await closeDays(env.db, env.queues, new Date('2026-11-17T00:30:00+01:00'), 200, null);
    await rolledUp(env, t.tenantId);
    expect(await figures(MONDAY, 'all', 'all', otherId)).toMatchObject({ in_service: 5, online: 0, active: 0, outage: true });
    expect(await figures('2026-11-13', 'all', 'all', otherId)).toMatchObject({ active: 5, outage: false });
    expect(await figures(MONDAY)).toMatchObject({ active: 7, outage: false });
  });

  it("counts an overseas establishment's day in its own time zone", async () => {
    const reunion = await establishments.create(env.db, t.tenantId, {
      uai: '9740001H',
      name: 'Collège de Bois de Nèfles',
      type: 'college',
      calendarZone: 'reunion',
      timeZone: 'Indian/Reunion',
    });
    await push(env, t.connector, [
      device('r1', { kind: 'tablet', assignment: 'individual' }, '9740001H'),
      ...beats('r1', MONDAY, '09:00', '10:00', '+04:00'),
      // 22:30 UTC on Monday is Tuesday 02:30 in La Réunion.
      {
        type: 'app_usage',
        device_id: 'r1',
        observed_at: '2026-11-16T22:30:00Z',
        started_at: '2026-11-16T22:30:00Z',
        app_id: 'x',
        duration_s: 900,
      },
    ]);
    await rolledUp(env, t.tenantId);
    expect(await figures(MONDAY, 'all', 'all', reunion.id)).toMatchObject({ active: 1, active_presence: 1 });
    expect(await figures(TUESDAY, 'all', 'all', reunion.id)).toMatchObject({ active: 1, active_usage: 1 });
  });

  it('keeps lesson hours on local wall-clock time after the spring DST change', async () => {
    await push(env, t.connector, [
      ...beats('p1', '2026-03-30', '08:00', '09:00', '+02:00'),
      ...beats('n1', '2026-03-30', '06:00', '07:00', '+02:00'),
    ]);
    await rolledUp(env, t.tenantId);
    const [p1] = await row('device_activity', `day = '2026-03-30' AND signal = 'presence' AND lesson_slots > 0`);
    expect(p1).toMatchObject({ active: true, lesson_slots: 4 });
    expect(await figures('2026-03-30')).toMatchObject({ active: 1, active_presence: 1, online: 2 });
  });
});

describe('tenant days', () => {
  it("moved by each establishment's difference, equal a full recount", async () => {
    const before = (await row('tenant_days', 'true ORDER BY day, dimension, value')).map(({ computed_at: _c, ...r }) => r);
    expect(before.length).toBeGreaterThan(0);
    await env.db.transaction().execute(async (trx) => {
      for (const day of new Set(before.map((r) => r.day as string))) await tenantDays.recompute(trx, t.tenantId, day);
    });
    expect((await row('tenant_days', 'true ORDER BY day, dimension, value')).map(({ computed_at: _c, ...r }) => r)).toEqual(before);
  });
});
