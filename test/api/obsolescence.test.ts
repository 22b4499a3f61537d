import { beforeAll, describe, expect, it } from 'vitest';
import { shippedHolidayPeriods } from '@vigie/calendar';
import { establishmentCalendar, recentSchoolDays } from '@vigie/rollup';
import { apiTokens, rollupSettings } from '@vigie/store';
import { monthsAhead } from '../../services/api/src/obsolescence/months-ahead.ts';
import { addCollege, waitFor } from '../setup/test-env.ts';
import { useTenants, useTestEnv } from '../setup/use-test-env.ts';
import { ROLLUP_TEST_ENV, rolledUp, rollUpRange } from '../setup/rollups.ts';
import { device, session } from '../setup/events.ts';
import { push } from '../setup/push.ts';

const env = useTestEnv({ env: ROLLUP_TEST_ENV, worker: true });
const [a, b] = useTenants(env, 'obso-a', 'obso-b');
let partner: string;
const now = new Date();
const ago = (months: number) => monthsAhead(now, -months);

const get = (token: string, url: string) => env.app.inject({ url, headers: { authorization: `Bearer ${token}` } });
const put = (token: string, url: string, payload: object) =>
  env.app.inject({ method: 'PUT', url, headers: { authorization: `Bearer ${token}` }, payload });
const serials = async (token: string, url: string) =>
  ((await get(token, url)).json().items as { serial: string }[]).map((d) => d.serial).sort();
const flagged = async (token: string) => (await get(token, '/v1/obsolescence')).json().devices_flagged as number;

beforeAll(async () => {
  const e2Id = await addCollege(env, a.tenantId, '0770935Y', 'Autre collège');
  const lastSchoolDay = recentSchoolDays(
    establishmentCalendar({ type: 'college', calendar_zone: 'C', rhythm: null, alsace_moselle: false }, shippedHolidayPeriods()),
    monthsAhead(now, 0),
    2,
  )[1]!;
  await push(env, a.connector, [
    device('t1', { kind: 'tablet', acquired_on: ago(72), os_name: 'iPadOS', os_version: '15.7' }),
    device('t2', { kind: 'chromebook', acquired_on: ago(24), support_end: ago(5), battery_health_pct: 60 }),
    device('t3', { kind: 'laptop', acquired_on: ago(70), warranty_end: monthsAhead(now, 12) }),
    device('t4', { kind: 'desktop', acquired_on: ago(1) }),
    device('t5', { kind: 'tablet', acquired_on: ago(80) }, '0770935Y'),
    session('t1', lastSchoolDay, '10:00', 900),
  ]);
  await push(env, b.connector, [device('t1', { kind: 'tablet', acquired_on: ago(72) })]);
  await rolledUp(env, a.tenantId);
  // Devices here were last seen weeks ago: idle, not offline, for the redeployment split.
  await rollupSettings.set(env.db, a.tenantId, { idle_school_days: 1, offline_days: 400 });
  await rollUpRange(env, a.tenantId, [a.establishmentId, e2Id], lastSchoolDay, lastSchoolDay);
  await waitFor(async () => (await flagged(a.operator)) === 3 && (await flagged(b.operator)) === 1, 20_000, 'obsolescence evaluated');
  partner = (await apiTokens.create(env.db, { tenantId: a.tenantId, role: 'partner', name: 'academie' })).token;
}, 120_000);

describe('GET /v1/obsolescence', () => {
  it('counts devices obsolete now by reason and establishment, each device once', async () => {
    const body = (await get(partner, '/v1/obsolescence')).json();
    expect(body).toMatchObject({ within_months: 0, devices_flagged: 3, by_reason: { age: 2, os_version: 1, support_end: 1, battery: 1 } });
    expect(body.by_establishment).toEqual([
      { uai: '0770934X', name: 'Collège 0770934X', devices_flagged: 2, by_reason: { age: 1, os_version: 1, support_end: 1, battery: 1 } },
      { uai: '0770935Y', name: 'Autre collège', devices_flagged: 1, by_reason: { age: 1 } },
    ]);
  });

  it('adds devices becoming obsolete within H months', async () => {
    expect((await get(a.operator, '/v1/obsolescence?within_months=3')).json()).toMatchObject({ devices_flagged: 4, by_reason: { age: 3 } });
    expect((await get(a.operator, '/v1/obsolescence?establishment=0770935Y')).json().devices_flagged).toBe(1);
  });

  it('lists the devices of a reason through GET /v1/devices?obsolete=', async () => {
    expect(await serials(a.operator, '/v1/devices?obsolete=age')).toEqual(['SN-t1', 'SN-t5']);
    expect(await serials(a.operator, '/v1/devices?obsolete=battery')).toEqual(['SN-t2']);
    expect(await serials(a.operator, '/v1/devices?obsolete=any&within_months=3')).toEqual(['SN-t1', 'SN-t2', 'SN-t3', 'SN-t5']);
    expect((await get(partner, '/v1/devices?obsolete=any')).statusCode).toBe(403);
  });

  it("a device's page says why it is obsolete: each reason once, with the day it applies from and what it rests on", async () => {
    const id = (await get(a.operator, '/v1/devices?q=SN-t2')).json().items[0].id as string;
    const flags = (await get(a.operator, `/v1/devices/${id}`)).json().obsolescence as {
      reason: string;
      applies_from: string;
      detail: string;
    }[];
    // Age is a flag of the future here (a chromebook lasts 6 years): the page shows when it will apply.
    expect(flags.map((f) => f.reason)).toEqual(['support_end', 'battery', 'age']);
    expect(flags[0]!.applies_from).toBe(ago(5));
    expect(flags[2]!.applies_from).toBe(monthsAhead(now, 48));
    expect(flags.every((f) => f.detail.length > 0)).toBe(true);
    const other = await get(b.operator, `/v1/devices/${id}`);
    expect(other.statusCode).toBe(404);
  });

  it('never counts another tenant', async () => {
    expect(await flagged(b.operator)).toBe(1);
    expect(await serials(b.operator, '/v1/devices?obsolete=any&within_months=3')).toEqual(['SN-t1']);
  });
});

describe('GET /v1/renewal-forecast', () => {
  it('buckets devices by budget year with costs from unit prices, and splits redeployment candidates', async () => {
    const body = (await get(partner, '/v1/renewal-forecast?years=5')).json();
    expect(body).toMatchObject({
      currency: 'EUR',
      paying_collectivite: 'Tenant obso-a',
      redeployment: { obsolete_idle: 2, obsolete_busy: 1 },
    });
    expect(body.years).toHaveLength(5);
    const total = body.years.reduce(
      (s: { n: number; c: number }, y: { devices: number; cost_eur: number }) => ({ n: s.n + y.devices, c: s.c + y.cost_eur }),
      { n: 0, c: 0 },
    );
    // t1, t2 and t5 are the backlog; t3 comes due within months; t2's age and t4 fall beyond the horizon or behind an earlier date.
    expect(total).toEqual({ n: 4, c: 400 + 350 + 700 + 400 });
    expect(body.years[0].devices).toBeGreaterThanOrEqual(3);
    expect(body.years[0].by_kind.tablet).toEqual({ devices: 2, cost_eur: 800 });
  });

  it('uses the tenant unit prices once set', async () => {
    expect((await put(a.operator, '/v1/unit-prices', { prices: { tablet: 500 } })).json().prices).toMatchObject({
      tablet: 500,
      laptop: 700,
    });
    expect((await get(a.operator, '/v1/renewal-forecast?years=5')).json().years[0].by_kind.tablet).toEqual({ devices: 2, cost_eur: 1000 });
    expect((await put(partner, '/v1/unit-prices', { prices: { tablet: 1 } })).statusCode).toBe(403);
  });

  it("never mixes another tenant's devices or prices", async () => {
    const other = (await get(b.operator, '/v1/renewal-forecast?years=5')).json();
    expect(other.unit_prices.tablet).toBe(400);
    expect(other.years[0].by_kind).toEqual({ tablet: { devices: 1, cost_eur: 400 } });
    expect(other.paying_collectivite).toBe('Tenant obso-b');
  });
});

describe('obsolescence rules are data', () => {
  it('shows the defaults, and re-evaluates when a tenant replaces them', async () => {
    expect((await get(a.operator, '/v1/obsolescence/rules')).json()).toMatchObject({ custom: false });
    const res = await put(a.operator, '/v1/obsolescence/rules', { rules: [{ reason: 'age', threshold: 10 }] });
    expect(res.json()).toMatchObject({
      custom: true,
      rules: [{ reason: 'age', device_kind: '*', platform: '*', threshold: 10, min_version: null }],
      recompute: { reason: 'obsolescence_rules' },
    });
    await waitFor(async () => (await flagged(a.operator)) === 0, 20_000, 're-evaluation');
    expect(await flagged(b.operator)).toBe(1);
    await put(a.operator, '/v1/obsolescence/rules', { rules: [] });
    await waitFor(async () => (await flagged(a.operator)) === 3, 20_000, 'defaults restored');
  });

  it('refuses a bad rule by field, and a partner cannot change rules', async () => {
    const bad = await put(a.operator, '/v1/obsolescence/rules', {
      rules: [{ reason: 'os_version', platform: 'ipados', min_version: 'sixteen' }],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe('rules.0.min_version');
    // Platform is compared as stored (trimmed, lower case): "iPadOS" repeats the first rule.
    const twice = await put(a.operator, '/v1/obsolescence/rules', {
      rules: [
        { reason: 'os_version', platform: 'ipados', min_version: '16' },
        { reason: 'age', threshold: 5 },
        { reason: 'os_version', platform: 'iPadOS', min_version: '17' },
      ],
    });
    expect(twice.statusCode).toBe(400);
    expect(twice.json().error).toMatchObject({ code: 'invalid_field', field: 'rules.2' });
    expect(twice.json().error.message).toContain('rules[0]');
    expect((await put(partner, '/v1/obsolescence/rules', { rules: [] })).statusCode).toBe(403);
  });
});
