import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { addDays, shippedHolidayPeriods } from '@vigie/calendar';
import { rollupDirty, rollupSettings, sources } from '@vigie/store';
import { establishmentBatches, rollupDays } from '../../services/worker/src/rollup/rollup-days.ts';
import { addCollege } from '../setup/test-env.ts';
import { useTenants, useTestEnv } from '../setup/use-test-env.ts';
import { rollupPaths, rollupRows } from './rollup-paths.ts';

// A recompute rolls several days of an establishment up at once (rollupDays: one statement per step,
// the idle streaks once). This holds what it writes equal, row for row, to what the day-by-day
// rollup writes from the same state, on a fleet with every kind of signal, carts used and not,
// devices put in service during the range, one in stock, an outage, weekends and a holiday-free
// month, after a threshold change and after an outage rule change.

const env = useTestEnv();
const [t] = useTenants(env, 'recompute-days');
let ids: string[];
const holidays = shippedHolidayPeriods();
const FROM = '2026-11-02';
const TO = '2026-12-04';
const days: string[] = [];
for (let d = FROM; d <= TO; d = addDays(d, 1)) days.push(d);
const OUTAGE_DAY = '2026-11-24';

/** Every row the rollup writes for the tenant, without the times it was written at. */
const snapshot = () =>
  rollupRows(env.db, t.tenantId, [
    'device_activity',
    'establishment_days',
    'cart_days',
    'establishment_periods',
    'tenant_days',
    'device_idle_streaks',
  ]);
const { markAll, dayByDay } = rollupPaths(env, holidays, t, () => ids, days);

/** rollupDays over batches of `size` days, optionally last batch first (a chunk then carries streaks it did not compute). */
async function inBatches(size: number, reversed = false) {
  await markAll();
  const pending = ids.flatMap((establishment_id) => days.map((day) => ({ establishment_id, day })));
  const batches = establishmentBatches(pending, size);
  for (const b of reversed ? batches.reverse() : batches) {
    const outcome = await rollupDays(env.db, holidays, t.tenantId, b.establishmentId, b.days);
    expect(outcome.status).toBe('rolled_up');
  }
  expect(await rollupDirty.count(env.db, t.tenantId)).toBe(0);
}

beforeAll(async () => {
  ids = [t.establishmentId, await addCollege(env, t.tenantId, '0770935Y', 'Collège B')];
  const source = await sources.ensure(env.db, t.tenantId, 'mdm');
  await sql`INSERT INTO carts (tenant_id, establishment_id, name) SELECT ${t.tenantId}, e, c FROM unnest(${ids}::uuid[]) e, (VALUES ('A'), ('B')) v(c)`.execute(
    env.db,
  );
  // 60 devices per establishment: g % 5 picks the kind, one in 5 in a cart, one in stock, a few put
  // in service during the month.
  await sql`
    INSERT INTO devices (tenant_id, establishment_id, cart_id, kind, serial, serial_key, assignment, status, acquired_on, provisional, first_seen, last_seen)
    SELECT ${t.tenantId}, e.id, c.id, (ARRAY['tablet', 'tablet', 'chromebook', 'laptop', 'desktop'])[1 + g % 5], 'SN' || g, 'SN' || g,
           CASE WHEN g % 5 = 0 THEN 'cart' WHEN g % 5 = 4 THEN 'shared_room' WHEN g % 31 = 3 THEN 'stock' ELSE 'individual' END,
           'in_service', CASE WHEN g % 13 = 1 THEN DATE '2026-11-18' ELSE DATE '2026-09-01' END, false, TIMESTAMPTZ '2026-09-01', now()
    FROM generate_series(0, 119) g
    JOIN LATERAL (SELECT (${ids}::uuid[])[1 + g / 60] AS id) e ON true
    LEFT JOIN LATERAL (SELECT id FROM carts WHERE tenant_id = ${t.tenantId} AND establishment_id = e.id
                       AND name = CASE WHEN g % 2 = 0 THEN 'A' ELSE 'B' END) c ON g % 5 = 0`.execute(env.db);
  await sql`INSERT INTO device_sources (tenant_id, source_id, external_id, device_id, first_seen, last_seen)
    SELECT tenant_id, ${source}, serial, id, first_seen, last_seen FROM devices WHERE tenant_id = ${t.tenantId}`.execute(env.db);
  // Per device-day, by (g + k): chromebooks measured, others app usage of varying length, presence in
  // lesson hours, carts charging at night, days without data; the second establishment silent on OUTAGE_DAY.
  await sql`
    INSERT INTO device_days (tenant_id, device_id, day, establishment_id, presence, heartbeats, usage_seconds, measured_seconds, measured_observed_at)
    SELECT d.tenant_id, d.id, k.day, d.establishment_id,
           CASE WHEN d.assignment = 'cart' AND s.v % 3 <> 0 THEN repeat('1', 96)::bit(96)
                ELSE (repeat('0', 32) || repeat('1', 30) || repeat('0', 34))::bit(96) END,
           CASE WHEN d.assignment = 'cart' THEN 96 ELSE 30 END,
           CASE WHEN d.kind <> 'chromebook' AND s.v % 4 < 2 THEN (s.v % 7) * 250 ELSE 0 END,
           CASE WHEN d.kind = 'chromebook' THEN (s.v % 9) * 300 END,
           CASE WHEN d.kind = 'chromebook' THEN k.day + TIME '23:00' END
    FROM devices d, unnest(${days}::date[]) WITH ORDINALITY AS k(day, i), LATERAL (SELECT substr(d.serial, 3)::int AS g) n,
         LATERAL (SELECT n.g * 7 + k.i::int * 3 AS v) s
    WHERE d.tenant_id = ${t.tenantId} AND (n.g + k.i) % 11 <> 0 AND n.g % 17 <> 5
      AND NOT (d.establishment_id = ${ids[1]} AND k.day = ${OUTAGE_DAY}::date AND n.g % 10 <> 0)`.execute(env.db);
  // Cart devices start sessions some mornings (used carts) and some afternoons (raw sessions)...
  await sql`
    INSERT INTO app_usage (tenant_id, device_id, started_at, app_id, source_id, duration_s, observed_at)
    SELECT d.tenant_id, d.id, (k.day + CASE WHEN (n.g + k.i) % 2 = 0 THEN TIME '09:00' ELSE TIME '14:30' END) AT TIME ZONE 'Europe/Paris',
           'app', ${source}, 600, now()
    FROM devices d, unnest(${days}::date[]) WITH ORDINALITY AS k(day, i), LATERAL (SELECT substr(d.serial, 3)::int AS g) n
    WHERE d.tenant_id = ${t.tenantId} AND d.assignment = 'cart' AND (n.g + k.i) % 3 <> 0`.execute(env.db);
  // ... and the quarter hour each started in, which is what the cart rollup reads (0063): slot 36 is
  // 09:00, slot 58 is 14:30 local.
  await sql`
    UPDATE device_days dd SET session_starts = overlay(repeat('0', 96) PLACING '1' FROM 1 + CASE WHEN (n.g + k.i) % 2 = 0 THEN 36 ELSE 58 END FOR 1)::bit(96)
    FROM devices d, unnest(${days}::date[]) WITH ORDINALITY AS k(day, i), LATERAL (SELECT substr(d.serial, 3)::int AS g) n
    WHERE d.tenant_id = ${t.tenantId} AND d.assignment = 'cart' AND (n.g + k.i) % 3 <> 0
      AND dd.tenant_id = d.tenant_id AND dd.device_id = d.id AND dd.day = k.day`.execute(env.db);
  await dayByDay();
}, 180_000);

describe('a recompute of several days at once', () => {
  it('writes what the day-by-day rollup writes, after a new active threshold and a new outage rule', { timeout: 300_000 }, async () => {
    const before = await snapshot();
    expect(before.establishment_days!.some((r) => r.includes('"outage": true'))).toBe(true);
    expect(before.cart_days!.some((r) => r.includes('"used_morning": true'))).toBe(true);

    await rollupSettings.set(env.db, t.tenantId, { active_seconds: 1_200, outage_silent_share: 0.95 });
    await dayByDay();
    const reference = await snapshot();
    // The change moves decisions, streaks and outages: the comparison is not of unchanged rows.
    expect(reference.device_activity).not.toEqual(before.device_activity);
    expect(reference.device_idle_streaks).not.toEqual(before.device_idle_streaks);
    expect(reference.establishment_days!.some((r) => r.includes('"outage": true'))).toBe(false);

    await rollupSettings.set(env.db, t.tenantId, { active_seconds: 300, outage_silent_share: 0.8 });
    await inBatches(7);
    expect(await snapshot()).toEqual(before);

    await rollupSettings.set(env.db, t.tenantId, { active_seconds: 1_200, outage_silent_share: 0.95 });
    await inBatches(7, true);
    expect(await snapshot()).toEqual(reference);

    await rollupSettings.set(env.db, t.tenantId, { active_seconds: 300, outage_silent_share: 0.8 });
    await inBatches(60);
    expect(await snapshot()).toEqual(before);
  });

  it('leaves a day no longer marked alone', async () => {
    const outcome = await rollupDays(env.db, holidays, t.tenantId, ids[0]!, days.slice(0, 5));
    expect(outcome).toEqual({ status: 'skipped', reason: 'not dirty' });
  });
});
