import { describe, expect, it } from 'vitest';
import { RollupDefaults } from '@vigie/contracts';
import { apiTokens } from '@vigie/store';
import { useTenants, useTestEnv } from '../setup/use-test-env.ts';
import { ROLLUP_TEST_ENV, rolledUp, rollUpRange } from '../setup/rollups.ts';
import { beats, device } from '../setup/events.ts';
import { push } from '../setup/push.ts';

const MONDAY = '2026-11-16';
const env = useTestEnv({ env: ROLLUP_TEST_ENV, worker: true });
const [a, b] = useTenants(env, 'settings-a', { code: 'settings-b', uai: '0770935Y' });

const call = (token: string, method: 'GET' | 'PATCH', url: string, payload?: object) =>
  env.app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, ...(payload ? { payload } : {}) });

describe('GET/PATCH /v1/settings', () => {
  it('shows the defaults, changes only what the patch names, and keeps tenants apart', async () => {
    expect((await call(a.operator, 'GET', '/v1/settings')).json()).toEqual(RollupDefaults);
    const res = await call(a.operator, 'PATCH', '/v1/settings', {
      active_seconds: 600,
      lesson_hours: { morning: { from: '08:30', to: '12:00' }, afternoon: { from: '13:30', to: '16:30' } },
      weekly_rhythm: 'five_days',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      active_seconds: 600,
      idle_school_days: 10,
      weekly_rhythm: 'five_days',
      lesson_hours: { afternoon: { to: '16:30' } },
    });
    expect((await call(a.operator, 'GET', '/v1/settings')).json().active_seconds).toBe(600);
    expect((await call(b.operator, 'GET', '/v1/settings')).json().active_seconds).toBe(300);
  });

  it('refuses an unknown key, a bad value and bad hours by field, and other roles', async () => {
    const unknown = await call(a.operator, 'PATCH', '/v1/settings', { active_secs: 10 });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error).toMatchObject({ code: 'invalid_field', field: 'active_secs' });
    const nested = await call(a.operator, 'PATCH', '/v1/settings', { presence_night: { from: '00:00', to: '06:00', days: 2 } });
    expect(nested.json().error.field).toBe('presence_night.days');
    expect((await call(a.operator, 'PATCH', '/v1/settings', { idle_school_days: 0 })).json().error.field).toBe('idle_school_days');
    expect((await call(a.operator, 'PATCH', '/v1/settings', { presence_night: { from: '07:00', to: '06:00' } })).json().error.field).toBe(
      'presence_night.to',
    );
    expect(
      (
        await call(a.operator, 'PATCH', '/v1/settings', {
          lesson_hours: { morning: { from: '8h', to: '12:00' }, afternoon: { from: '13:30', to: '17:30' } },
        })
      ).json().error.field,
    ).toBe('lesson_hours.morning.from');
    const establishment = (
      await apiTokens.create(env.db, { tenantId: a.tenantId, role: 'establishment', name: 'e', establishmentUais: [a.uai] })
    ).token;
    expect((await call(establishment, 'GET', '/v1/settings')).statusCode).toBe(403);
    expect((await call(establishment, 'PATCH', '/v1/settings', { active_seconds: 1 })).statusCode).toBe(403);
  });
});

describe('GET/PATCH /v1/establishments/{uai}/settings', () => {
  it('overrides some settings for one establishment, null follows the tenant again, rhythm is the establishment rhythm', async () => {
    const res = await call(a.operator, 'PATCH', `/v1/establishments/${a.uai}/settings`, {
      idle_school_days: 3,
      weekly_rhythm: 'wednesday_off',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      overrides: { idle_school_days: 3, weekly_rhythm: 'wednesday_off' },
      effective: { idle_school_days: 3, active_seconds: 600, weekly_rhythm: 'wednesday_off' },
    });
    expect((await call(a.operator, 'GET', '/v1/establishments')).json().items[0].rhythm).toBe('wednesday_off');
    const cleared = await call(a.operator, 'PATCH', `/v1/establishments/${a.uai}/settings`, { idle_school_days: null });
    expect(cleared.json()).toMatchObject({ overrides: { weekly_rhythm: 'wednesday_off' }, effective: { idle_school_days: 10 } });
    expect((await call(a.operator, 'GET', `/v1/establishments/${a.uai}/settings`)).json().overrides).toEqual({
      weekly_rhythm: 'wednesday_off',
    });
  });

  it("refuses a tenant-only key, an unknown key, and another tenant's establishment", async () => {
    expect((await call(a.operator, 'PATCH', `/v1/establishments/${a.uai}/settings`, { min_group_devices: 3 })).json().error.field).toBe(
      'min_group_devices',
    );
    expect((await call(a.operator, 'PATCH', `/v1/establishments/${a.uai}/settings`, { colour: 'red' })).json().error.field).toBe('colour');
    expect((await call(a.operator, 'GET', `/v1/establishments/${b.uai}/settings`)).statusCode).toBe(404);
  });

  it("the rollup decides with the establishment's settings: presence inference off, a presence-only day is not active", async () => {
    await push(env, b.connector, [
      device('p1', { kind: 'laptop', assignment: 'shared_room' }, b.uai),
      ...beats('p1', MONDAY, '09:00', '10:00'),
    ]);
    await rolledUp(env, b.tenantId);
    const id = (await call(b.operator, 'GET', '/v1/devices')).json().items[0].id as string;
    const decision = async () => (await call(b.operator, 'GET', `/v1/devices/${id}/activity?from=${MONDAY}&to=${MONDAY}`)).json().days[0];
    expect(await decision()).toMatchObject({ signal: 'presence', active: true });
    await call(b.operator, 'PATCH', `/v1/establishments/${b.uai}/settings`, { presence_inference: false });
    await rollUpRange(env, b.tenantId, [b.establishmentId], MONDAY, MONDAY);
    expect(await decision()).toMatchObject({ signal: 'presence', active: false });
  });
});
