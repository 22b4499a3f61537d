import { describe, expect, it } from 'vitest';
import { seedTenant } from '../setup/test-env.ts';
import { fakeSource, useSyncEnv } from '../setup/fake-mdm-sources.ts';
import { makeFleet } from '../fake-mdm/fleet.ts';
import { counts, createSource, syncNow } from './sync-helpers.ts';
import { CART_AND_ROOM, describeConnector } from './conformance.ts';
import { startFakeJamfPro } from '../fake-mdm/jamf-pro.ts';

describeConnector({
  kind: 'jamf_pro',
  os: 'macOS',
  start: (fleet, faults) => startFakeJamfPro(fleet, faults),
  source: (url) => ({
    ...fakeSource('jamf_pro', url),
    page_size: 3,
    mapping: [...CART_AND_ROOM, { match: 'site:1', uai: '0770934X' }],
  }),
  // Macs (odd ids) report batteryCapacityPercent; the mobile-devices API gives a level only.
  batteryHealth: [88, null, 88, null, 88, null, 88, null, 88],
});

describe('Jamf Pro page size per endpoint', () => {
  const env = useSyncEnv();

  it('says the mobile list caps its page size instead of stopping after its first page, and reads the whole list with mobile_page_size', async () => {
    const tenant = await seedTenant(env, 'jamf-pro-pages');
    const fleet = makeFleet(24, 'macOS');
    const mdm = env.closes(await startFakeJamfPro(fleet, {}, 'jamf-secret', { mobilePageSize: 4 }));
    const body = { ...fakeSource('jamf_pro', mdm.url), page_size: 5 };
    const capped = await createSource(env, tenant, { ...body, name: 'jamf-one-size' });
    expect(await syncNow(env, tenant, capped)).toMatchObject({
      status: 'failed',
      error_code: 'bad_response',
      error: expect.stringContaining('options.mobile_page_size'),
    });
    const sized = await createSource(env, tenant, { ...body, name: 'jamf-per-endpoint', options: { mobile_page_size: '4' } });
    expect(await syncNow(env, tenant, sized)).toMatchObject({ status: 'succeeded', records_seen: 24, rejected: 0 });
    expect((await counts(env, tenant.tenantId)).devices).toBe(24);
  });
});
