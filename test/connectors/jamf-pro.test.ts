import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, seedTenant, type TestEnv } from '../setup/test-env.ts';
import type { FakeMdm } from '../fake-mdm/fake-server.ts';
import { makeFleet } from '../fake-mdm/fleet.ts';
import { counts, createSource, syncNow } from './sync-helpers.ts';
import { describeConnector } from './conformance.ts';
import { startFakeJamfPro } from '../fake-mdm/jamf-pro.ts';

describeConnector({
  kind: 'jamf_pro',
  os: 'macOS',
  start: (fleet, faults) => startFakeJamfPro(fleet, faults),
  source: (url) => ({
    name: 'jamf-pro',
    kind: 'jamf_pro',
    base_url: url,
    page_size: 3,
    credentials: { client_id: 'vigie', client_secret: 'jamf-secret' },
    mapping: [
      { match: 'Chariot 1', uai: '0770934X', cart: 'Chariot 1' },
      { match: 'Salle 104', uai: '0770934X' },
      { match: 'site:1', uai: '0770934X' },
    ],
  }),
  // Macs (odd ids) report batteryCapacityPercent; the mobile-devices API gives a level only.
  batteryHealth: [88, null, 88, null, 88, null, 88, null, 88],
});

describe('Jamf Pro page size per endpoint', () => {
  let env: TestEnv;
  const servers: FakeMdm[] = [];
  beforeAll(async () => {
    env = await createTestEnv({ SECRETS_KEY: randomBytes(32).toString('base64') });
    await env.startWorker();
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.close()));
    await env?.close();
  });

  it('says the mobile list caps its page size instead of stopping after its first page, and reads the whole list with mobile_page_size', async () => {
    const tenant = await seedTenant(env, 'jamf-pro-pages');
    const fleet = makeFleet(24, 'macOS');
    const mdm = await startFakeJamfPro(fleet, {}, 'jamf-secret', { mobilePageSize: 4 });
    servers.push(mdm);
    const body = { kind: 'jamf_pro', base_url: mdm.url, page_size: 5, credentials: { client_id: 'vigie', client_secret: 'jamf-secret' } };
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
