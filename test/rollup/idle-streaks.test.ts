import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { addDays, shippedHolidayPeriods } from '@vigie/calendar';
import { deviceListing, rollupDirty } from '@vigie/store';
import { rollupDay } from '../../services/worker/src/rollup/rollup-day.ts';
import { addCollege } from '../setup/test-env.ts';
import { useTenants, useTestEnv } from '../setup/use-test-env.ts';

// GET /v1/devices?idle=true reads the streaks the rollup keeps (device_idle_streaks) instead of N
// days of decisions. This holds the new answer equal to the query it replaced (idleBefore below, as
// it was in packages/store/src/device-listing.ts) on a fleet rolled up out of order, with late
// data, an outage found afterwards, a device moved and one put in repair.

const env = useTestEnv();
const [t] = useTenants(env, 'idle-streaks');
let secondId: string;
const holidays = shippedHolidayPeriods();
const FROM = '2026-11-02';
const TO = '2026-12-04';
const days: string[] = [];
for (let d = FROM; d <= TO; d = addDays(d, 1)) days.push(d);

/** The idle query before the streaks: N school days of device_activity per establishment. */
async function idleBefore(n: number): Promise<string[]> {
  const r = await sql<{ id: string }>`
    SELECT d.id FROM devices d WHERE d.tenant_id = ${t.tenantId} AND d.status = 'in_service' AND d.assignment IS DISTINCT FROM 'stock'
    AND (d.id, d.establishment_id) IN (
      WITH recent AS (
        SELECT e.id AS establishment_id, x.day FROM establishments e
        CROSS JOIN LATERAL (
          SELECT day FROM establishment_days x
          WHERE x.tenant_id = e.tenant_id AND x.establishment_id = e.id AND x.dimension = 'all' AND x.value = 'all'
            AND x.school_day AND NOT x.outage AND x.day < (now() AT TIME ZONE e.time_zone)::date
          ORDER BY x.day DESC LIMIT ${n}
        ) x
        WHERE e.tenant_id = ${t.tenantId}
      ), windows AS (SELECT establishment_id FROM recent GROUP BY establishment_id HAVING count(*) >= ${n})
      SELECT a.device_id, a.establishment_id FROM device_activity a
      JOIN recent r ON r.establishment_id = a.establishment_id AND r.day = a.day
      JOIN windows w ON w.establishment_id = a.establishment_id
      WHERE a.tenant_id = ${t.tenantId} AND a.in_service AND NOT a.active
      GROUP BY a.device_id, a.establishment_id HAVING count(*) = ${n})
    ORDER BY d.id`.execute(env.db);
  return r.rows.map((x) => x.id);
}

async function idleNow(n: number): Promise<string[]> {
  // The reference query predates "offline is not idle": no device counts as offline here.
  const idle = { schoolDays: { asked: n, tenant: n }, offlineDays: { asked: 100_000, tenant: 100_000 } };
  const rows = await deviceListing.list(env.db, t.tenantId, { idle }, { sort: 'serial', limit: 1000 });
  expect(await deviceListing.count(env.db, t.tenantId, { idle })).toBe(rows.length);
  return rows.map((r) => r.id).sort();
}

async function expectSameIdle() {
  const sizes: number[] = [];
  for (const n of [1, 2, 3, 5, 8, 10, 15, 30]) {
    const before = await idleBefore(n);
    expect(await idleNow(n), `idle over ${n} school days`).toEqual(before);
    sizes.push(before.length);
  }
  return sizes;
}

async function rollUp(establishmentId: string, list: string[], deviceIds?: string[]) {
  await rollupDirty.mark(
    env.db,
    t.tenantId,
    list.map((day) => ({ establishmentId, day, ...(deviceIds ? { deviceIds } : {}) })),
  );
  for (const day of list) await rollupDay(env.db, holidays, t.tenantId, establishmentId, day);
}

/** Device-days as ingestion leaves them on these days (app usage only). */
async function seedDays(list: string[]) {
  await sql`
    INSERT INTO device_days (tenant_id, device_id, day, establishment_id, presence, heartbeats, usage_seconds)
    SELECT d.tenant_id, d.id, k.day, d.establishment_id, repeat('0', 96)::bit(96), 1, 900
    FROM devices d, unnest(${list}::date[]) AS k(day), LATERAL (SELECT substr(d.serial, 3)::int AS g, k.day - DATE '2026-11-01' AS i) s
    WHERE d.tenant_id = ${t.tenantId} AND s.g % 7 <> 0 AND (s.g + s.i) % (s.g % 9 + 2) <> 0`.execute(env.db);
}

/** A fixed shuffle, so a failure replays. */
const shuffled = <T>(list: T[]) =>
  list
    .map((x, i) => ({ x, k: (i * 7919) % 101 }))
    .sort((a, b) => a.k - b.k)
    .map((p) => p.x);

beforeAll(async () => {
  secondId = await addCollege(env, t.tenantId, '0770935Y', 'Collège B');
  // 40 devices per establishment: device g is active on a day unless (g + k) % (g % 9 + 2) == 0 and
  // never when g % 7 == 0, so streaks of every length end on every day.
  for (const [e, first] of [
    [t.establishmentId, 0],
    [secondId, 40],
  ] as const) {
    await sql`
      INSERT INTO devices (tenant_id, establishment_id, kind, serial, serial_key, assignment, status, acquired_on, provisional, first_seen, last_contact)
      SELECT ${t.tenantId}, ${e}, 'laptop', 'SN' || g, 'SN' || g, 'individual', 'in_service', DATE '2026-09-01', false, TIMESTAMPTZ '2026-09-01', now()
      FROM generate_series(${first}::int, ${first + 39}::int) g`.execute(env.db);
  }
  await seedDays(days);
  await rollUp(t.establishmentId, shuffled(days));
  await rollUp(secondId, shuffled(days));
}, 120_000);

describe('idle devices from the rollup streaks', () => {
  it('equal the N-day query on a fleet rolled up out of order', async () => {
    const sizes = await expectSameIdle();
    // Some devices are idle and some are not up to 15 days: the comparison is not between empty
    // lists. Over 30 school days nobody is (25 were rolled up).
    expect(sizes.slice(0, -1).every((s) => s > 0 && s < 80)).toBe(true);
    expect(sizes.at(-1)).toBe(0);
  });

  it('stay equal after late data on an old day of one device', async () => {
    const [device] = (await sql<{ id: string }>`SELECT id FROM devices WHERE tenant_id = ${t.tenantId} AND serial = 'SN7'`.execute(env.db))
      .rows;
    await sql`INSERT INTO device_days (tenant_id, device_id, day, establishment_id, heartbeats, usage_seconds)
      VALUES (${t.tenantId}, ${device!.id}, '2026-12-01', ${t.establishmentId}, 1, 900)`.execute(env.db);
    const idleBeforeLate = await idleNow(5);
    await rollUp(t.establishmentId, ['2026-12-01'], [device!.id]);
    expect(idleBeforeLate).toContain(device!.id);
    expect(await idleNow(5)).not.toContain(device!.id);
    await expectSameIdle();
  });

  it('stay equal when a day turns out an outage, and when it recovers', async () => {
    await sql`DELETE FROM device_days WHERE tenant_id = ${t.tenantId} AND establishment_id = ${secondId} AND day = '2026-11-26'`.execute(
      env.db,
    );
    await rollUp(secondId, ['2026-11-26']);
    const outage = await sql<{
      outage: boolean;
    }>`SELECT outage FROM establishment_days WHERE tenant_id = ${t.tenantId} AND establishment_id = ${secondId}
      AND day = '2026-11-26' AND dimension = 'all'`.execute(env.db);
    expect(outage.rows[0]!.outage).toBe(true);
    await expectSameIdle();
    await sql`DELETE FROM device_days WHERE tenant_id = ${t.tenantId} AND day = '2026-11-26'`.execute(env.db);
    await seedDays(['2026-11-26']);
    await rollUp(t.establishmentId, ['2026-11-26']);
    await rollUp(secondId, ['2026-11-26']);
    await expectSameIdle();
  });

  it('stay equal after a device moves establishment and another goes in repair', async () => {
    await sql`UPDATE devices SET establishment_id = ${secondId} WHERE tenant_id = ${t.tenantId} AND serial = 'SN14'`.execute(env.db);
    await sql`UPDATE devices SET status = 'in_repair' WHERE tenant_id = ${t.tenantId} AND serial = 'SN21'`.execute(env.db);
    await expectSameIdle();
    await rollUp(secondId, ['2026-12-03', '2026-12-04']);
    await rollUp(t.establishmentId, ['2026-12-04']);
    await expectSameIdle();
  });
});
