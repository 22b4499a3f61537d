import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { sources } from '@vigie/store';
import { seedTenant } from '../setup/test-env.ts';
import { FAST_CONNECTOR_ENV, fakeSource, useSyncEnv } from '../setup/fake-mdm-sources.ts';
import { checkIn, makeFleet, PERSONAL_NAMES } from '../fake-mdm/fleet.ts';
import { serveIntune, startFakeIntune, toGraph } from '../fake-mdm/intune.ts';
import { addCart, auth, counts, createSource, findPersonalData, syncNow } from './sync-helpers.ts';

const env = useSyncEnv(FAST_CONNECTOR_ENV);

const source = (url: string, secret = 'graph-secret') => ({
  ...fakeSource('intune', url),
  page_size: 3,
  credentials: { client_id: 'vigie', client_secret: secret },
  mapping: [
    { match: 'Chariot 1', uai: '0770934X', cart: 'Chariot 1' },
    { match: 'CJF-*', uai: '0770934X' },
  ],
});

describe('Intune battery health', () => {
  it('is read from beta hardwareInformation, one GET per device, when the source asks; otherwise, and where Graph reports none, unknown', async () => {
    const fleet = makeFleet(4);
    const health = [91, 0, 77, undefined];
    const records = fleet.map((d, i) => ({
      ...toGraph(d),
      ...(health[i] !== undefined ? { hardwareInformation: { batteryHealthPercentage: health[i], batteryChargeCycles: 120 } } : {}),
    }));
    const mdm = env.closes(await serveIntune(() => records));
    const battery = async (tenantId: string) =>
      (
        await sql<{ serial: string; pct: number | null }>`
      SELECT serial, battery_health_pct AS pct FROM devices WHERE tenant_id = ${tenantId} ORDER BY serial`.execute(env.db)
      ).rows;

    const without = await seedTenant(env, 'intune-no-battery');
    await syncNow(env, without, await createSource(env, without, source(mdm.url)));
    expect((await battery(without.tenantId)).map((r) => r.pct)).toEqual([null, null, null, null]);
    const listOnly = mdm.stats.listRequests;

    const tenant = await seedTenant(env, 'intune-battery');
    const id = await createSource(env, tenant, { ...source(mdm.url), options: { hardware_information: 'on' } });
    expect(await syncNow(env, tenant, id)).toMatchObject({ status: 'succeeded', records_seen: 4 });
    const bySerial = Object.fromEntries((await battery(tenant.tenantId)).map((r) => [r.serial, r.pct]));
    // 0 is Graph's default for a device that reports none: unknown, like a device without the field.
    expect(fleet.map((d) => bySerial[d.serial])).toEqual([91, null, 77, null]);
    expect(mdm.stats.listRequests - listOnly).toBe(listOnly + 4);

    const bad = await env.app.inject({
      method: 'POST',
      url: '/v1/sources',
      headers: auth(tenant.operator),
      payload: { ...source(mdm.url), name: 'bad', options: { hardware_information: 'yes' } },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({ field: 'options.hardware_information' });
  });
});

describe('Intune connector end to end', () => {
  it('syncs every device, then a second sync changes nothing and a new check-in is one heartbeat', async () => {
    const tenant = await seedTenant(env, 'intune-a');
    await addCart(env, tenant, 'Chariot 1');
    const fleet = makeFleet(10);
    const mdm = env.closes(await startFakeIntune(fleet));
    const id = await createSource(env, tenant, source(mdm.url));

    const first = await syncNow(env, tenant, id);
    expect(first).toMatchObject({
      status: 'succeeded',
      pages: 4,
      records_seen: 10,
      duplicates: 0,
      devices_created: 10,
      devices_unchanged: 0,
      events_accepted: 20,
      rejected: 0,
    });
    expect(await counts(env, tenant.tenantId)).toEqual({ devices: 10, placed: 10, inCart: 5, heartbeats: 10, sessions: 0 });

    const second = await syncNow(env, tenant, id);
    expect(second).toMatchObject({
      status: 'succeeded',
      records_seen: 10,
      devices_created: 0,
      devices_updated: 0,
      devices_unchanged: 10,
      events_accepted: 0,
    });
    expect(await counts(env, tenant.tenantId)).toEqual({ devices: 10, placed: 10, inCart: 5, heartbeats: 10, sessions: 0 });

    checkIn(fleet[0]!);
    checkIn(fleet[1]!);
    const third = await syncNow(env, tenant, id);
    expect(third).toMatchObject({ devices_unchanged: 10, events_accepted: 2 });
    expect((await counts(env, tenant.tenantId)).heartbeats).toBe(12);
  });

  it('survives 429 with fractional Retry-After, a 5xx burst, a slow page, a token expiry and a rename while paging', async () => {
    const tenant = await seedTenant(env, 'intune-faults');
    await addCart(env, tenant, 'Chariot 1');
    const fleet = makeFleet(10);
    const mdm = await startFakeIntune(fleet, {
      rateLimitAt: [1],
      retryAfter: '0.15',
      errorsAt: [3, 4, 5],
      slowAt: [7],
      slowMs: 1_000,
      expireTokensAt: [9],
      // After the second page a device already returned is renamed past the cursor: Graph returns it twice.
      beforeRequest: {
        8: () => {
          fleet.find((d) => d.name === 'CJF-WIN-001')!.name = 'ZZZ-WIN-001';
        },
      },
    });
    env.closes(mdm);
    const id = await createSource(env, tenant, source(mdm.url));
    const run = await syncNow(env, tenant, id);
    expect(run).toMatchObject({ status: 'succeeded', records_seen: 11, duplicates: 1, devices_created: 10, rejected: 0 });
    expect(mdm.stats.authRequests).toBe(2);
    expect(await counts(env, tenant.tenantId)).toMatchObject({ devices: 10, heartbeats: 10 });
  });

  it('syncs a fleet of 2 000 devices in 200-device pages with exact counts, then resends nothing', async () => {
    const tenant = await seedTenant(env, 'intune-large');
    await addCart(env, tenant, 'Chariot 1');
    const mdm = env.closes(await startFakeIntune(makeFleet(2_000)));
    const id = await createSource(env, tenant, { ...source(mdm.url), page_size: 200 });
    const first = await syncNow(env, tenant, id);
    expect(first).toMatchObject({
      status: 'succeeded',
      pages: 10,
      records_seen: 2_000,
      devices_created: 2_000,
      events_accepted: 4_000,
      batches: 4,
    });
    expect(await counts(env, tenant.tenantId)).toEqual({ devices: 2_000, placed: 2_000, inCart: 1_000, heartbeats: 2_000, sessions: 0 });
    const second = await syncNow(env, tenant, id);
    expect(second).toMatchObject({ devices_unchanged: 2_000, events_accepted: 0, batches: 0 });
    expect(await counts(env, tenant.tenantId)).toMatchObject({ devices: 2_000, heartbeats: 2_000 });
  });

  it('stops at once with auth_failed on bad credentials, without a retry storm', async () => {
    const tenant = await seedTenant(env, 'intune-auth');
    const mdm = env.closes(await startFakeIntune(makeFleet(3), {}, 'the-real-secret'));
    const id = await createSource(env, tenant, source(mdm.url, 'wrong'));
    const run = await syncNow(env, tenant, id);
    expect(run).toMatchObject({ status: 'failed', error_code: 'auth_failed' });
    expect(mdm.stats).toMatchObject({ authRequests: 1, listRequests: 0 });
  });

  it('never returns, logs in clear or stores in clear the credentials, nor any personal data', async () => {
    const tenant = await seedTenant(env, 'intune-pii');
    const mdm = env.closes(await startFakeIntune(makeFleet(4)));
    const id = await createSource(env, tenant, source(mdm.url));
    await syncNow(env, tenant, id);
    const listed = await env.app.inject({ url: '/v1/sources', headers: auth(tenant.operator) });
    expect(listed.body).not.toContain('graph-secret');
    expect(listed.json().items[0]).not.toHaveProperty('credentials');
    expect(listed.json().items[0]).toMatchObject({
      credentials_set: true,
      devices: 4,
      last_run: { status: 'succeeded' },
      next_run_at: null,
    });
    expect(listed.json().items[0].last_success_at).toBe(listed.json().items[0].last_run.finished_at);
    const stored = await sources.loadForSync(env.db, tenant.tenantId, id);
    expect(stored!.credentials!.toString('latin1')).not.toContain('graph-secret');
    expect(await findPersonalData(env, PERSONAL_NAMES)).toEqual([]);
  });
});
