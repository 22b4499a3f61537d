import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { addDays, shippedHolidayPeriods } from '@vigie/calendar';
import { sources } from '@vigie/store';
import { addCollege } from '../setup/test-env.ts';
import { useTenants, useTestEnv } from '../setup/use-test-env.ts';
import { rollupPaths, rollupRows } from './rollup-paths.ts';

// A recompute of past days (a settings or calendar change, a device's move) judges each device as it
// stood on each day (device_history, migrations/0072): a device retired, moved, re-kinded or put in
// stock since leaves the decisions of those days as they were, by the day-by-day rollup and by the
// several-day one, and counts as it is now from the day of its change.

const env = useTestEnv();
const [t] = useTenants(env, 'recompute-history');
const holidays = shippedHolidayPeriods();
const FROM = '2026-11-16';
const TO = '2026-11-27';
const days: string[] = [];
for (let d = FROM; d <= TO; d = addDays(d, 1)) days.push(d);
let ids: string[];

/**
 * What the rollup wrote for the days, without the times it was written at, nor the streak rows'
 * device state, which is the device's now by design (migrations/0073: the redeployment count is of now).
 */
const snapshot = () =>
  rollupRows(env.db, t.tenantId, ['device_activity', 'establishment_days', 'device_idle_streaks', 'tenant_days'], {
    from: FROM,
    to: TO,
    omit: ['in_service_here', 'first_obsolete'],
  });
const { dayByDay, severalDays } = rollupPaths(env, holidays, t, () => ids, days);

const decision = async (serial: string, day: string) =>
  (
    await sql<{ establishment_id: string; kind: string; in_service: boolean }>`
      SELECT a.establishment_id, a.kind, a.in_service FROM device_activity a JOIN devices d ON d.tenant_id = a.tenant_id AND d.id = a.device_id
      WHERE a.tenant_id = ${t.tenantId} AND d.serial = ${serial} AND a.day = ${day}::date`.execute(env.db)
  ).rows;

beforeAll(async () => {
  ids = [t.establishmentId, await addCollege(env, t.tenantId, '0770935Y', 'Collège B')];
  const source = await sources.ensure(env.db, t.tenantId, 'mdm');
  // Ten devices per establishment, all in service since September (their one history row).
  await sql`
    INSERT INTO devices (tenant_id, establishment_id, kind, serial, serial_key, assignment, status, acquired_on, provisional, first_seen, last_seen)
    SELECT ${t.tenantId}, (${ids}::uuid[])[1 + g / 10], CASE WHEN g % 2 = 0 THEN 'tablet' ELSE 'laptop' END, 'SN' || g, 'SN' || g,
           'shared_room', 'in_service', DATE '2026-09-01', false, TIMESTAMPTZ '2026-09-01', now()
    FROM generate_series(0, 19) g`.execute(env.db);
  await sql`INSERT INTO device_sources (tenant_id, source_id, external_id, device_id, first_seen, last_seen)
    SELECT tenant_id, ${source}, serial, id, first_seen, last_seen FROM devices WHERE tenant_id = ${t.tenantId}`.execute(env.db);
  // Use on some days, presence in lesson hours on others, nothing on the rest: some devices idle.
  await sql`
    INSERT INTO device_days (tenant_id, device_id, day, establishment_id, presence, heartbeats, usage_seconds)
    SELECT d.tenant_id, d.id, k.day, d.establishment_id, (repeat('0', 32) || repeat('1', 30) || repeat('0', 34))::bit(96), 30,
           CASE WHEN (n.g + k.i) % 3 = 0 THEN 900 ELSE 0 END
    FROM devices d, unnest(${days}::date[]) WITH ORDINALITY AS k(day, i), LATERAL (SELECT substr(d.serial, 3)::int AS g) n
    WHERE d.tenant_id = ${t.tenantId} AND n.g % 4 <> 1 AND (n.g + k.i) % 5 <> 0`.execute(env.db);
  await dayByDay();
}, 120_000);

describe('a recompute of past days after devices changed', () => {
  it('writes the decisions the days had, by the day-by-day and the several-day rollup', async () => {
    const before = await snapshot();
    expect(before.device_idle_streaks!.some((r) => r.includes('"streak": 5'))).toBe(true);
    // SN1 (silent every day: idle) retired, SN5 moved to the other collège, SN2 re-kinded, SN3 put in stock, today.
    expect(await decision('SN1', '2026-11-17')).toEqual([{ establishment_id: ids[0], kind: 'laptop', in_service: true }]);
    const serial = (s: string) => sql`tenant_id = ${t.tenantId} AND serial = ${s}`;
    await sql`UPDATE devices SET status = 'retired' WHERE ${serial('SN1')}`.execute(env.db);
    await sql`UPDATE devices SET establishment_id = ${ids[1]} WHERE ${serial('SN5')}`.execute(env.db);
    await sql`UPDATE devices SET kind = 'laptop' WHERE ${serial('SN2')}`.execute(env.db);
    await sql`UPDATE devices SET assignment = 'stock' WHERE ${serial('SN3')}`.execute(env.db);

    await severalDays();
    expect(await snapshot()).toEqual(before);
    await dayByDay();
    expect(await snapshot()).toEqual(before);
    expect(await decision('SN5', '2026-11-17')).toEqual([{ establishment_id: ids[0], kind: 'laptop', in_service: true }]);
  });

  it('judges a changed device as it is now from the day of its change', async () => {
    const today = (await sql<{ d: string }>`SELECT (now() AT TIME ZONE 'Europe/Paris')::date::text AS d`.execute(env.db)).rows[0]!.d;
    await rollupPaths(env, holidays, t, () => ids, [today]).dayByDay();
    expect(await decision('SN1', today)).toEqual([]);
    expect(await decision('SN3', today)).toEqual([]);
    expect(await decision('SN5', today)).toEqual([{ establishment_id: ids[1], kind: 'laptop', in_service: true }]);
    expect(await decision('SN2', today)).toEqual([{ establishment_id: ids[0], kind: 'laptop', in_service: true }]);
  });
});
