import { beforeAll, describe, expect, it } from 'vitest';
import { apiTokens } from '@vigie/store';
import { addCollege, seedTenant, type SeededTenant } from '../setup/test-env.ts';
import { useTenants, useTestEnv } from '../setup/use-test-env.ts';
import { baseTime, heartbeat, inventory } from '../setup/events.ts';
import { pushAndWait } from '../setup/push.ts';

const env = useTestEnv({ worker: true });
const [a] = useTenants(env, 'tenant-a');
let b: SeededTenant;
let bDeviceId: string;
const base = baseTime(1);

const get = (token: string, url: string) => env.app.inject({ url, headers: { authorization: `Bearer ${token}` } });

beforeAll(async () => {
  // Same UAI, same serials, same external ids in both tenants: nothing may leak or merge across.
  b = await seedTenant(env, 'tenant-b');
  for (const tenant of [a, b]) {
    await pushAndWait(
      env,
      tenant,
      [inventory('shared-1', base), heartbeat('shared-1', base, 1), inventory(`only-${tenant.tenantId}`, base)],
      'jamf',
    );
  }
  bDeviceId = (await get(b.operator, '/v1/devices')).json().items[0].id;
});

describe('a tenant never sees another tenant', () => {
  it('lists only its own devices, even with the same serials and external ids', async () => {
    const listA = (await get(a.operator, '/v1/devices')).json().items as { id: string }[];
    const listB = (await get(b.operator, '/v1/devices')).json().items as { id: string }[];
    expect(listA).toHaveLength(2);
    expect(listB).toHaveLength(2);
    expect(listA.map((d) => d.id).some((id) => listB.some((other) => other.id === id))).toBe(false);
  });

  it("answers 404 for another tenant's device, exactly as for one that does not exist", async () => {
    const foreign = await get(a.operator, `/v1/devices/${bDeviceId}`);
    const missing = await get(a.operator, '/v1/devices/00000000-0000-4000-8000-000000000000');
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json()).toEqual(missing.json());
    expect((await get(b.operator, `/v1/devices/${bDeviceId}`)).statusCode).toBe(200);
  });

  it('counts only its own fleet in summaries and daily figures', async () => {
    expect((await get(a.operator, '/v1/fleet/summary')).json().total).toBe(2);
    const day = base.toISOString().slice(0, 10);
    const daily = (await get(a.operator, `/v1/establishments/0770934X/daily?from=${day}&to=${day}`)).json();
    expect(daily.days[0].online_devices).toBe(1);
  });

  it('cannot create tokens for another tenant, even as its admin', async () => {
    const adminA = await apiTokens.create(env.db, { tenantId: a.tenantId, role: 'admin', name: 'a-admin' });
    const res = await env.app.inject({
      method: 'POST',
      url: `/v1/tenants/${b.tenantId}/tokens`,
      headers: { authorization: `Bearer ${adminA.token}` },
      payload: { role: 'operator', name: 'intruder' },
    });
    expect(res.statusCode).toBe(404);
    const own = await env.app.inject({
      method: 'POST',
      url: `/v1/tenants/${a.tenantId}/tokens`,
      headers: { authorization: `Bearer ${adminA.token}` },
      payload: { role: 'operator', name: 'colleague' },
    });
    expect(own.statusCode).toBe(201);
    expect(own.json().token).toMatch(/^vgi_/);
  });
});

describe('roles', () => {
  it('an establishment token sees only its listed establishments', async () => {
    await addCollege(env, a.tenantId, '0770935Y', 'Autre collège');
    const scoped = await apiTokens.create(env.db, {
      tenantId: a.tenantId,
      role: 'establishment',
      name: 'principal',
      establishmentUais: ['0770935Y'],
    });
    expect((await get(scoped.token, '/v1/devices')).json().items).toEqual([]);
    expect((await get(scoped.token, '/v1/establishments')).json().items.map((e: { uai: string }) => e.uai)).toEqual(['0770935Y']);
    expect((await get(scoped.token, '/v1/establishments/0770934X/daily?from=2026-01-01&to=2026-01-02')).statusCode).toBe(404);
    expect((await get(scoped.token, '/v1/fleet/summary')).json().total).toBe(0);
  });

  it('a partner token reads aggregates but no device; a connector token only ingests', async () => {
    const partner = await apiTokens.create(env.db, { tenantId: a.tenantId, role: 'partner', name: 'academie' });
    expect((await get(partner.token, '/v1/fleet/summary')).statusCode).toBe(200);
    expect((await get(partner.token, '/v1/devices')).statusCode).toBe(403);
    const denied = await get(a.connector, '/v1/fleet/summary');
    expect(denied.statusCode).toBe(403);
    expect(denied.json().error.code).toBe('forbidden');
  });

  it('only a platform administrator creates tenants', async () => {
    const platform = await apiTokens.create(env.db, { tenantId: null, role: 'admin', name: 'platform' });
    const payload = { code: 'cd93', name: 'Seine-Saint-Denis', kind: 'departement' };
    expect(
      (await env.app.inject({ method: 'POST', url: '/v1/tenants', headers: { authorization: `Bearer ${a.operator}` }, payload }))
        .statusCode,
    ).toBe(403);
    const created = await env.app.inject({
      method: 'POST',
      url: '/v1/tenants',
      headers: { authorization: `Bearer ${platform.token}` },
      payload,
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ code: 'cd93', time_zone: 'Europe/Paris' });
    const again = await env.app.inject({
      method: 'POST',
      url: '/v1/tenants',
      headers: { authorization: `Bearer ${platform.token}` },
      payload,
    });
    expect(again.json().error).toMatchObject({ code: 'conflict', field: 'code' });
    // A platform token is bound to no tenant: it reads no fleet.
    expect((await get(platform.token, '/v1/devices')).statusCode).toBe(403);
  });
});
