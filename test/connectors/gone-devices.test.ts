import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { seedTenant } from '../setup/test-env.ts';
import { useSyncEnv, fakeSource } from '../setup/fake-mdm-sources.ts';
import { makeFleet } from '../fake-mdm/fleet.ts';
import { startFakeHeadwind } from '../fake-mdm/headwind.ts';
import { auth, createSource, syncNow } from './sync-helpers.ts';

const env = useSyncEnv();

describe('devices gone from an MDM', () => {
  it('marks a link gone after three complete syncs without the device, counts the device unmanaged, and brings it back when listed again', async () => {
    const tenant = await seedTenant(env, 'gone-devices');
    const fleet = makeFleet(4, 'Android');
    const mdm = env.closes(await startFakeHeadwind(fleet));
    const id = await createSource(env, tenant, {
      ...fakeSource('headwind', mdm.url),
      mapping: [{ match: 'Salle 104', uai: '0770934X' }],
    });
    const unmanaged = async () =>
      (await env.app.inject({ url: '/v1/fleet/summary', headers: auth(tenant.operator) })).json().unmanaged as number;
    const linkOf = async (serial: string) =>
      (
        await sql<{ missed_syncs: number; gone: boolean }>`
      SELECT ds.missed_syncs, ds.gone_at IS NOT NULL AS gone FROM device_sources ds JOIN devices d ON d.tenant_id = ds.tenant_id AND d.id = ds.device_id
      WHERE ds.tenant_id = ${tenant.tenantId} AND d.serial = ${serial}`.execute(env.db)
      ).rows[0];

    expect(await syncNow(env, tenant, id)).toMatchObject({ status: 'succeeded', records_seen: 4 });
    const removed = fleet.splice(1, 1)[0]!;
    for (const misses of [1, 2]) {
      await syncNow(env, tenant, id);
      expect(await linkOf(removed.serial)).toEqual({ missed_syncs: misses, gone: false });
      expect(await unmanaged()).toBe(0);
    }
    await syncNow(env, tenant, id);
    expect(await linkOf(removed.serial)).toEqual({ missed_syncs: 3, gone: true });
    expect(await unmanaged()).toBe(1);
    // Still counted in the fleet (a device is never lost), and back under management once listed again.
    expect((await env.app.inject({ url: '/v1/fleet/summary', headers: auth(tenant.operator) })).json().total).toBe(4);
    fleet.push(removed);
    await syncNow(env, tenant, id);
    expect(await linkOf(removed.serial)).toEqual({ missed_syncs: 0, gone: false });
    expect(await unmanaged()).toBe(0);
  });
});
