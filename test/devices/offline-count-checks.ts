import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { deviceListing, establishmentSettings, offlineDevices, rollupSettings } from '@vigie/store';
import { addCollege, type SeededTenant, type TestEnv } from '../setup/test-env.ts';

// The fleet summary's offline count now (offlineDevices.countNow) reads device_last_seen
// alone below the smallest offline threshold, and the device list's count walks the same range
// first. These checks hold both equal to the offline rule applied to each device (offlineDirect),
// with a threshold per establishment, devices never connected, retired or in stock, one
// establishment's scope, and after check-ins, a move and status changes. Run with the statement
// triggers (plain PostgreSQL) and with the row trigger (Citus) that keep the narrow copy.

export function offlineCountChecks(env: TestEnv, t: SeededTenant, other: SeededTenant) {
  let strictId = '';

  /** In service, not in stock, last contact more than its establishment's offline days (else the tenant's) ago. */
  async function offlineDirect(asked?: number, establishmentId?: string): Promise<number> {
    const tenantDays = (await rollupSettings.get(env.db, t.tenantId)).offline_days;
    const r = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM devices d
    LEFT JOIN establishment_rollup_settings s ON s.tenant_id = d.tenant_id AND s.establishment_id = d.establishment_id
    WHERE d.tenant_id = ${t.tenantId} AND d.status = 'in_service' AND d.assignment IS DISTINCT FROM 'stock'
      AND (${establishmentId ?? null}::uuid IS NULL OR d.establishment_id = ${establishmentId ?? null}::uuid)
      AND d.last_contact < now() - make_interval(days => COALESCE(${asked ?? null}::int, (s.overrides->>'offline_days')::int, ${tenantDays}::int))`.execute(
      env.db,
    );
    return r.rows[0]!.n;
  }

  async function offlineCounted(asked?: number, establishmentIds?: string[]): Promise<number> {
    const settings = await rollupSettings.get(env.db, t.tenantId);
    const days = { asked, tenant: settings.offline_days };
    const listed = await deviceListing.count(env.db, t.tenantId, { offline: { days }, ...(establishmentIds ? { establishmentIds } : {}) });
    expect(await offlineDevices.countNow(env.db, t.tenantId, days, establishmentIds), 'from device_last_seen alone').toBe(listed);
    return listed;
  }

  async function expectSameCounts() {
    const counts: number[] = [];
    for (const asked of [undefined, 1, 3, 5, 10, 30, 400]) {
      const direct = await offlineDirect(asked);
      expect(await offlineCounted(asked), `offline over ${asked ?? 'the settings'} days`).toBe(direct);
      expect(await offlineCounted(asked, [strictId]), `offline over ${asked ?? 'the settings'} days, one establishment`).toBe(
        await offlineDirect(asked, strictId),
      );
      counts.push(direct);
    }
    return counts;
  }

  /** Devices last seen 0 to 59 days ago (every 10th never), one in 13 retired and one in 11 in stock. */
  async function seedDevices(tenantId: string, establishments: string[], count: number) {
    await sql`
    INSERT INTO devices (tenant_id, establishment_id, kind, serial, serial_key, assignment, status, first_seen, last_contact)
    SELECT ${tenantId}, (${establishments}::uuid[])[1 + g % ${establishments.length}], 'laptop', 'OC' || g, 'OC' || g,
           CASE WHEN g % 11 = 0 THEN 'stock' ELSE 'individual' END, CASE WHEN g % 13 = 0 THEN 'retired' ELSE 'in_service' END,
           now() - interval '90 days', CASE WHEN g % 10 = 0 THEN NULL ELSE now() - (g % 60) * interval '1 day' - interval '1 hour' END
    FROM generate_series(1, ${count}) g`.execute(env.db);
  }

  beforeAll(async () => {
    strictId = await addCollege(env, t.tenantId, '0770937A');
    await rollupSettings.set(env.db, t.tenantId, { offline_days: 21 });
    await establishmentSettings.replace(env.db, t.tenantId, strictId, { offline_days: 4 });
    await seedDevices(t.tenantId, [t.establishmentId, strictId], 240);
    // Another tenant's devices, all long gone: none of them may count.
    await seedDevices(other.tenantId, [other.establishmentId], 50);
    await sql`ANALYZE devices, device_last_seen`.execute(env.db);
  });

  describe('the offline count from the last-seen index', () => {
    it('equals the offline rule applied to every device, per establishment threshold or the days asked', async () => {
      const counts = await expectSameCounts();
      // The thresholds split the fleet: a check that counts nothing or everything proves nothing.
      expect(counts[0]).toBeGreaterThan(0);
      expect(new Set(counts).size).toBeGreaterThan(4);
    });

    it('stays equal after check-ins, a move between thresholds, a device retired and one put back in service', async () => {
      await sql`UPDATE devices SET last_contact = now() WHERE tenant_id = ${t.tenantId} AND serial IN ('OC25', 'OC47', 'OC30')`.execute(
        env.db,
      );
      await sql`UPDATE devices SET establishment_id = ${strictId} WHERE tenant_id = ${t.tenantId} AND serial IN ('OC8', 'OC16')`.execute(
        env.db,
      );
      await sql`UPDATE devices SET status = 'retired' WHERE tenant_id = ${t.tenantId} AND serial = 'OC57'`.execute(env.db);
      await sql`UPDATE devices SET status = 'in_service' WHERE tenant_id = ${t.tenantId} AND serial = 'OC39'`.execute(env.db);
      await sql`UPDATE devices SET assignment = 'stock' WHERE tenant_id = ${t.tenantId} AND serial IN ('OC41', 'OC43')`.execute(env.db);
      await expectSameCounts();
    });

    it('uses the tenant setting once no establishment sets a smaller one', async () => {
      await establishmentSettings.replace(env.db, t.tenantId, strictId, { offline_days: 40 });
      const counts = await expectSameCounts();
      expect(counts[0]).toBeGreaterThan(0);
    });
  });
}
