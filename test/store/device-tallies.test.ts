import type { Job } from 'bullmq';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import type { FleetSummary } from '@vigie/contracts';
import { deviceTallies, fleetSummary } from '@vigie/store';
import { maintenance } from '../../services/worker/src/jobs/maintenance.ts';
import { useTenants, useTestEnv } from '../setup/use-test-env.ts';

// The tenant's fleet summary is read from device_tallies (counts per kind, status, unmanaged and
// hour of last contact, kept by triggers on devices) instead of every device. This holds it equal
// to the scan it replaced (kept below as it was in packages/store/src/device-listing.ts) at
// instants whose bucket edges fall inside hours holding devices on both sides, after check-ins,
// moves, status and kind changes, deletions and new devices, before and after folds.

const env = useTestEnv();
const [t, other] = useTenants(env, 'device-tallies', 'device-tallies-other');
const NOW = new Date('2026-12-07T10:20:00Z');
const at = (ms: number) => new Date(NOW.getTime() + ms);
const MIN = 60_000;
const DAY = 86_400_000;
// Edges inside hours, on the hour, a day later (the old day edge now 2 days back) and 40 days later
// (hours folded into one).
const INSTANTS = [NOW, at(17 * MIN), at(-20 * MIN), at(3 * 60 * MIN + 41 * MIN), at(2 * DAY), at(40 * DAY)];

async function scan(tenantId: string, now: Date): Promise<FleetSummary> {
  const r = await sql<{ kind: string; status: string; bucket: string; unmanaged: boolean; n: number }>`
    SELECT kind, status,
           CASE WHEN last_contact IS NULL THEN 'never'
                WHEN last_contact >= ${now}::timestamptz - interval '1 day' THEN 'lt_1d'
                WHEN last_contact >= ${now}::timestamptz - interval '7 days' THEN '1d_7d'
                WHEN last_contact >= ${now}::timestamptz - interval '30 days' THEN '7d_30d'
                ELSE 'gt_30d' END AS bucket,
           unmanaged_since IS NOT NULL AS unmanaged, count(*)::int AS n
    FROM devices WHERE tenant_id = ${tenantId} GROUP BY 1, 2, 3, 4`.execute(env.db);
  const s: FleetSummary = {
    total: 0,
    by_kind: {},
    by_status: {},
    last_seen: { lt_1d: 0, '1d_7d': 0, '7d_30d': 0, gt_30d: 0, never: 0 },
    unmanaged: 0,
  };
  for (const row of r.rows) {
    s.total += row.n;
    if (row.unmanaged) s.unmanaged += row.n;
    s.by_kind[row.kind] = (s.by_kind[row.kind] ?? 0) + row.n;
    s.by_status[row.status] = (s.by_status[row.status] ?? 0) + row.n;
    s.last_seen[row.bucket] = (s.last_seen[row.bucket] ?? 0) + row.n;
  }
  return s;
}

async function expectSameAsScan(instants = INSTANTS) {
  for (const now of instants)
    for (const tenantId of [t.tenantId, other.tenantId])
      expect(await fleetSummary.read(env.db, tenantId, now), `at ${now.toISOString()}`).toEqual(await scan(tenantId, now));
}

const pending = async () =>
  (await sql<{ n: number }>`SELECT count(*)::int AS n FROM device_tally_changes WHERE tenant_id = ${t.tenantId}`.execute(env.db)).rows[0]!
    .n;

/** Devices of the tenant whose last contacts straddle each bucket edge of NOW by minutes, some never seen. */
async function addDevices(tenantId: string, count: number, prefix: string) {
  await sql`
    INSERT INTO devices (tenant_id, establishment_id, kind, serial, serial_key, status, provisional, first_seen, last_contact, unmanaged_since)
    SELECT ${tenantId}, NULL, (ARRAY['tablet', 'laptop', 'chromebook', 'desktop'])[1 + g % 4], ${prefix} || g, ${prefix} || g,
           CASE WHEN g % 9 = 0 THEN 'in_repair' WHEN g % 17 = 0 THEN 'retired' ELSE 'in_service' END, false, TIMESTAMPTZ '2026-09-01',
           CASE WHEN g % 23 = 0 THEN NULL
                ELSE ${NOW}::timestamptz - (ARRAY[interval '0', interval '1 day', interval '7 days', interval '30 days'])[1 + g % 4]
                     + (g % 7 - 3) * interval '7 minutes' - (g / 40) * interval '5 hours' END,
           CASE WHEN g % 13 = 0 THEN TIMESTAMPTZ '2026-11-01' END
    FROM generate_series(1, ${count}::int) g`.execute(env.db);
}

beforeAll(async () => {
  await addDevices(t.tenantId, 240, 'SN');
  await addDevices(other.tenantId, 30, 'OT');
});

describe('fleet summary from device tallies', () => {
  it('equals the scan of every device, with changes pending and once folded', async () => {
    expect(await pending()).toBeGreaterThan(0);
    await expectSameAsScan();
    expect(await deviceTallies.fold(env.db, t.tenantId, NOW)).toBeGreaterThan(0);
    expect(await pending()).toBe(0);
    await expectSameAsScan();
  });

  it('stays equal after check-ins, moves between groups, deletions and new devices', async () => {
    // Check-ins within the hour and across hours, through the same upsert the ingest uses.
    await sql`
      INSERT INTO devices (tenant_id, id, serial, first_seen, last_contact)
      SELECT tenant_id, id, serial, first_seen, ${at(-3 * MIN)}::timestamptz FROM devices
      WHERE tenant_id = ${t.tenantId} AND serial ~ '^SN[0-9]*[05]$'
      ON CONFLICT (tenant_id, id) DO UPDATE SET last_contact = EXCLUDED.last_contact`.execute(env.db);
    await sql`UPDATE devices SET status = 'spare', kind = 'desktop' WHERE tenant_id = ${t.tenantId} AND serial ~ '^SN[0-9]*[17]$'`.execute(
      env.db,
    );
    await sql`UPDATE devices SET unmanaged_since = now() WHERE tenant_id = ${t.tenantId} AND serial ~ '^SN[0-9]*2$'`.execute(env.db);
    await sql`UPDATE devices SET last_contact = NULL WHERE tenant_id = ${t.tenantId} AND serial ~ '^SN[0-9]*33$'`.execute(env.db);
    await sql`DELETE FROM devices WHERE tenant_id = ${t.tenantId} AND serial ~ '^SN[0-9]*8$'`.execute(env.db);
    await addDevices(t.tenantId, 12, 'NEW');
    await expectSameAsScan();
    await deviceTallies.fold(env.db, t.tenantId, NOW);
    await expectSameAsScan();
  });

  it('a second fold changes nothing, and hours folded into one a month later keep the answer', async () => {
    const folded = await fleetSummary.read(env.db, t.tenantId, NOW);
    expect(await deviceTallies.fold(env.db, t.tenantId, NOW)).toBe(0);
    expect(await fleetSummary.read(env.db, t.tenantId, NOW)).toEqual(folded);
    const later = at(40 * DAY);
    expect(await deviceTallies.fold(env.db, t.tenantId, later)).toBeGreaterThan(0);
    const hours = await sql<{ n: number }>`
      SELECT count(DISTINCT seen_hour)::int AS n FROM device_tallies WHERE tenant_id = ${t.tenantId} AND kind = '*' AND seen_hour > '-infinity'`.execute(
      env.db,
    );
    // Every contact is before NOW, so 40 days on they all share the one old hour.
    expect(hours.rows[0]!.n).toBe(1);
    await expectSameAsScan([later, at(41 * DAY)]);
  });

  it("the worker's fold-device-tallies task folds every tenant's changes and keeps the answer", async () => {
    await sql`UPDATE devices SET last_contact = ${at(-MIN)} WHERE serial ~ '^(SN|OT)[0-9]*3$'`.execute(env.db);
    expect(await pending()).toBeGreaterThan(0);
    const result = await maintenance(env.db, env.queues, env.config, env.log)({ data: { task: 'fold-device-tallies' } } as Job);
    expect(result).toMatchObject({ groups: expect.any(Number) });
    const left = await sql<{ n: number }>`SELECT count(*)::int AS n FROM device_tally_changes`.execute(env.db);
    expect(left.rows[0]!.n).toBe(0);
    // Read no earlier than the last fold (at +40 days above): hours it folded into one are older
    // than 31 days for good from then on, not at an earlier instant.
    await expectSameAsScan([at(40 * DAY), at(45 * DAY)]);
  });
});
