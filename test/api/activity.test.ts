import { beforeAll, describe, expect, it } from 'vitest';
import { apiTokens, carts } from '@vigie/store';
import { addCollege } from '../setup/test-env.ts';
import { useTenants, useTestEnv } from '../setup/use-test-env.ts';
import { baseTime, device, heartbeat, session } from '../setup/events.ts';
import { ROLLUP_TEST_ENV, rolledUp, rollUpRange } from '../setup/rollups.ts';
import { push } from '../setup/push.ts';

const env = useTestEnv({ env: ROLLUP_TEST_ENV, worker: true });
const [a, b] = useTenants(env, 'activity-a', 'activity-b');
let cartId: string;
let partner: string;
let scoped: string;

const get = (token: string, url: string) => env.app.inject({ url, headers: { authorization: `Bearer ${token}` } });
const serials = (res: { json(): { items: { serial: string }[] } }) =>
  res
    .json()
    .items.map((d) => d.serial)
    .sort();

beforeAll(async () => {
  const e2 = await addCollege(env, a.tenantId, '0770935Y', 'Collège en panne');
  const e3 = await addCollege(env, a.tenantId, '0770006N', 'Collège hors ligne');
  cartId = (await carts.create(env.db, a.tenantId, a.establishmentId, 'Chariot A')).id;
  await carts.create(env.db, b.tenantId, b.establishmentId, 'Chariot A');
  const cart = (id: string) => device(id, { kind: 'tablet', assignment: 'cart', cart: 'Chariot A' });
  const xs = ['x1', 'x2', 'x3', 'x4', 'x5'];
  await push(env, a.connector, [
    device('a', { kind: 'tablet', assignment: 'individual' }),
    device('b', { kind: 'tablet', assignment: 'individual' }),
    device('c', { kind: 'laptop', assignment: 'shared_room', acquired_on: '2026-11-19' }),
    cart('k1'),
    cart('k2'),
    cart('k3'),
    ...xs.map((x) => device(x, { kind: 'laptop', assignment: 'shared_room' }, '0770935Y')),
    device('old', { kind: 'laptop' }, '0770006N'),
    device('fresh', { kind: 'laptop' }, '0770006N'),
  ]);
  await push(env, a.connector, [
    session('a', '2026-11-16', '10:00', 600),
    session('a', '2026-11-20', '10:00', 600),
    session('b', '2026-11-05', '10:00', 600),
    ...['k1', 'k2', 'k3'].flatMap((k) => [session(k, '2026-11-17', '09:00', 1200), session(k, '2026-11-19', '14:00', 1200)]),
    // Used on Monday to Wednesday, then the whole establishment falls silent (an outage) on Thursday and Friday.
    ...xs.flatMap((x) => ['2026-11-16', '2026-11-17', '2026-11-18'].map((d) => session(x, d, '09:00', 900))),
    heartbeat('old', baseTime(20), 0),
    heartbeat('fresh', baseTime(1), 0),
  ]);
  await push(env, b.connector, [device('a', { kind: 'tablet', assignment: 'individual' }), session('a', '2026-11-16', '10:00', 6000)]);
  await rolledUp(env, a.tenantId);
  await rollUpRange(env, a.tenantId, [a.establishmentId, e2, e3], '2026-10-26', '2026-11-22');
  partner = (await apiTokens.create(env.db, { tenantId: a.tenantId, role: 'partner', name: 'academie' })).token;
  scoped = (
    await apiTokens.create(env.db, { tenantId: a.tenantId, role: 'establishment', name: 'principal', establishmentUais: ['0770935Y'] })
  ).token;
}, 120_000);

describe('GET /v1/establishments/{uai}/activity', () => {
  it('gives the activity rate per day on school days only, split by kind and assignment', async () => {
    const res = await get(a.operator, '/v1/establishments/0770934X/activity?from=2026-11-16&to=2026-11-22');
    expect(res.statusCode).toBe(200);
    const { periods, active_threshold_seconds } = res.json();
    expect(active_threshold_seconds).toBe(300);
    expect(periods.map((p: { start: string; activity_rate: number | null }) => [p.start, p.activity_rate])).toEqual([
      ['2026-11-16', 0.2],
      ['2026-11-17', 0.6],
      ['2026-11-18', 0],
      ['2026-11-19', 0.5],
      ['2026-11-20', 1 / 6],
      ['2026-11-21', null],
      ['2026-11-22', null],
    ]);
    expect(periods[1]).toMatchObject({
      school_days: 1,
      in_service_device_days: 5,
      active_device_days: 3,
      activity_rate_use: 0.6,
      active_by_signal: { measured: 0, usage: 3, presence: 0 },
      outage: false,
      by_assignment: { cart: { in_service_device_days: 3, active_device_days: 3, activity_rate: 1 }, individual: { activity_rate: 0 } },
      by_kind: { tablet: { activity_rate: 0.6 } },
    });
  });

  it('gives weeks with reach, months and the school year', async () => {
    const week = (await get(a.operator, '/v1/establishments/0770934X/activity?from=2026-11-16&to=2026-11-22&granularity=week')).json()
      .periods;
    expect(week).toEqual([
      expect.objectContaining({
        start: '2026-11-16',
        end: '2026-11-22',
        school_days: 5,
        in_service_device_days: 27,
        active_device_days: 8,
        in_service_devices: 6,
        reached_devices: 4,
        reach: 4 / 6,
        by_kind: expect.objectContaining({
          laptop: {
            in_service_device_days: 2,
            active_device_days: 0,
            activity_rate: 0,
            presence_rate: 0,
            coverage: 0,
            presence_device_days: 2,
          },
        }),
      }),
    ]);
    const month = (await get(a.operator, '/v1/establishments/0770934X/activity?from=2026-11-01&to=2026-11-30&granularity=month')).json()
      .periods;
    expect(month).toEqual([
      expect.objectContaining({
        start: '2026-11-01',
        end: '2026-11-30',
        school_days: 14,
        in_service_device_days: 72,
        active_device_days: 9,
      }),
    ]);
    const year = (
      await get(a.operator, '/v1/establishments/0770934X/activity?from=2026-11-23&to=2026-11-23&granularity=school_year')
    ).json().periods;
    // The inventories dated 1 September rolled up la rentrée too: one more school day in the year.
    expect(year).toEqual([
      expect.objectContaining({ start: '2026-09-01', end: '2027-08-31', school_days: 15, activity_rate: 9 / 77, reach: null }),
    ]);
  });

  it('flags outage days', async () => {
    const days = (await get(a.operator, '/v1/establishments/0770935Y/activity?from=2026-11-18&to=2026-11-20')).json().periods;
    expect(days.map((d: { outage: boolean }) => d.outage)).toEqual([false, true, true]);
  });

  it('is readable by a partner, limited to its UAIs for an establishment token, and never crosses tenants', async () => {
    expect((await get(partner, '/v1/establishments/0770934X/activity?from=2026-11-16&to=2026-11-16')).json().periods[0].activity_rate).toBe(
      0.2,
    );
    expect((await get(scoped, '/v1/establishments/0770934X/activity?from=2026-11-16&to=2026-11-16')).statusCode).toBe(404);
    expect((await get(scoped, '/v1/establishments/0770935Y/activity?from=2026-11-16&to=2026-11-16')).statusCode).toBe(200);
    // Tenant B has the same UAI and a device called "a": it sees only its own figures.
    const other = (await get(b.operator, '/v1/establishments/0770934X/activity?from=2026-11-16&to=2026-11-16')).json().periods;
    expect(other).toEqual([expect.objectContaining({ in_service_device_days: 1, active_device_days: 1 })]);
    expect((await get(b.operator, '/v1/establishments/0770935Y/activity?from=2026-11-16&to=2026-11-16')).statusCode).toBe(404);
  });

  it('refuses a bad granularity or range by field', async () => {
    const bad = await get(a.operator, '/v1/establishments/0770934X/activity?from=2026-11-16&to=2026-11-22&granularity=year');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({ code: 'invalid_query', field: 'granularity' });
    expect((await get(a.operator, '/v1/establishments/0770934X/activity?from=2026-11-22&to=2026-11-16')).json().error.field).toBe('from');
    expect((await get(a.connector, '/v1/establishments/0770934X/activity?from=2026-11-16&to=2026-11-16')).statusCode).toBe(403);
  });
});

describe('GET /v1/fleet/activity', () => {
  it("sums the tenant's establishments with classes that day, for the tenant only", async () => {
    const days = (await get(partner, '/v1/fleet/activity?from=2026-11-16&to=2026-11-22')).json().days;
    expect(days.map((d: { day: string }) => d.day)).toEqual(['2026-11-16', '2026-11-17', '2026-11-18', '2026-11-19', '2026-11-20']);
    // 0770934X: 5 in service, 1 active; 0770935Y: 5 and 5; 0770006N: 2 and 0.
    expect(days[0]).toMatchObject({
      establishments: 3,
      in_service: 12,
      active: 6,
      activity_rate: 0.5,
      outages: 0,
      by_kind: { laptop: { in_service: 7, active: 5 } },
    });
    expect(days[3]).toMatchObject({ outages: 1 });
    expect((await get(b.operator, '/v1/fleet/activity?from=2026-11-16&to=2026-11-16')).json().days[0]).toMatchObject({
      in_service: 1,
      active: 1,
    });
    expect((await get(scoped, '/v1/fleet/activity?from=2026-11-16&to=2026-11-16')).statusCode).toBe(403);
  });

  it("gives the tenant's weeks: its establishments' week periods added, and the rates of the sums", async () => {
    const { weeks } = (await get(partner, '/v1/fleet/activity?from=2026-11-16&to=2026-11-22')).json();
    type Period = {
      in_service_device_days: number;
      active_device_days: number;
      presence_rate: number;
      coverage: number;
      presence_device_days: number;
    };
    const periods: Period[] = await Promise.all(
      ['0770934X', '0770935Y', '0770006N'].map(
        async (uai) =>
          (await get(a.operator, `/v1/establishments/${uai}/activity?from=2026-11-16&to=2026-11-22&granularity=week`)).json().periods[0],
      ),
    );
    const sum = (f: (p: Period) => number) => periods.reduce((n, p) => n + f(p), 0);
    const inService = sum((p) => p.in_service_device_days);
    expect(inService).toBeGreaterThan(0);
    expect(weeks).toEqual([
      {
        start: '2026-11-16',
        end: '2026-11-22',
        school_days: 5,
        in_service_device_days: inService,
        active_device_days: sum((p) => p.active_device_days),
        activity_rate: sum((p) => p.active_device_days) / inService,
        presence_rate: expect.closeTo(sum((p) => p.presence_rate * p.in_service_device_days) / inService, 9),
        coverage: expect.closeTo(sum((p) => p.coverage * p.in_service_device_days) / inService, 9),
        presence_device_days: sum((p) => p.presence_device_days),
      },
    ]);
    // A range that starts mid-week sums only its own days of that week.
    const part = (await get(partner, '/v1/fleet/activity?from=2026-11-19&to=2026-11-22')).json().weeks;
    expect(part).toEqual([expect.objectContaining({ start: '2026-11-16', school_days: 2 })]);
  });
});

describe('GET /v1/carts/{id}/utilisation', () => {
  it('gives the share of school half-days the cart was used and its devices active per day', async () => {
    const res = await get(partner, `/v1/carts/${cartId}/utilisation?from=2026-11-16&to=2026-11-22`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.summary).toEqual({ school_half_days: 9, used_half_days: 2, half_day_use_rate: 2 / 9, mean_active_share: 0.4 });
    expect(body.days.find((d: { day: string }) => d.day === '2026-11-17')).toMatchObject({
      devices: 3,
      active_devices: 3,
      active_share: 1,
      used_morning: true,
      used_afternoon: false,
    });
    expect(body.days.find((d: { day: string }) => d.day === '2026-11-19')).toMatchObject({ used_morning: false, used_afternoon: true });
  });

  it("answers 404 for another tenant's cart and for an establishment token of another UAI", async () => {
    expect((await get(b.operator, `/v1/carts/${cartId}/utilisation?from=2026-11-16&to=2026-11-22`)).statusCode).toBe(404);
    expect((await get(scoped, `/v1/carts/${cartId}/utilisation?from=2026-11-16&to=2026-11-22`)).statusCode).toBe(404);
  });
});

describe('GET /v1/devices?idle=true|offline=true', () => {
  it('lists devices with no active day in the last 10 school days, not those acquired since', async () => {
    // offline_days=400: b, last seen weeks ago, counts as seen (next test: offline, not idle, by default).
    expect(serials(await get(a.operator, '/v1/devices?idle=true&offline_days=400&establishment=0770934X'))).toEqual(['SN-b']);
  });

  it('lists a device not seen for the offline days as offline, never as idle too', async () => {
    const offline = serials(await get(a.operator, '/v1/devices?offline=true&limit=500'));
    const idle = serials(await get(a.operator, '/v1/devices?idle=true&idle_school_days=2&limit=500'));
    expect(offline).toContain('SN-b');
    expect(idle).toEqual(['SN-fresh']);
    expect(idle.filter((d) => offline.includes(d))).toEqual([]);
  });

  it('skips outage days when counting school days', async () => {
    // Over 2 school days, the collège in outage looks back past Thursday and Friday: its devices are not idle.
    // (old and fresh only check in: never active, so idle too.)
    expect(serials(await get(a.operator, '/v1/devices?idle=true&idle_school_days=2&offline_days=400'))).toEqual([
      'SN-b',
      'SN-c',
      'SN-fresh',
      'SN-old',
    ]);
  });

  it("the fleet summary's offline count is the list's: the same filter, for the tenant, an establishment token and a past date", async () => {
    const count = async (token: string, query = '') => ({
      listed: serials(await get(token, `/v1/devices?offline=true&limit=500${query}`)).length,
      summary: (await get(token, `/v1/fleet/summary${query ? `?${query.slice(1)}` : ''}`)).json().offline,
    });
    const tenant = await count(a.operator);
    expect(tenant.listed).toBeGreaterThan(0);
    expect(tenant.summary).toBe(tenant.listed);
    const establishment = await count(scoped);
    expect(establishment.summary).toBe(establishment.listed);
    const past = await count(a.operator, '&as_of=2026-11-22');
    expect(past.summary).toBe(past.listed);
  });

  it('lists devices without check-in for 14 days, or the N given', async () => {
    expect(serials(await get(a.operator, '/v1/devices?offline=true&establishment=0770006N'))).toEqual(['SN-old']);
    expect(serials(await get(a.operator, '/v1/devices?offline=true&offline_days=30&establishment=0770006N'))).toEqual([]);
  });

  it('stays within the tenant, and a partner still lists no device', async () => {
    expect(serials(await get(b.operator, '/v1/devices?idle=true'))).toEqual([]);
    expect((await get(partner, '/v1/devices?idle=true')).statusCode).toBe(403);
  });
});

describe('as_of: a report for a past date', () => {
  it('gives the same idle, offline and fleet answers after more data arrives', async () => {
    const report = async () => ({
      idle: serials(await get(a.operator, '/v1/devices?idle=true&offline_days=400&as_of=2026-11-20&establishment=0770934X')),
      offline: serials(await get(a.operator, '/v1/devices?offline=true&as_of=2026-11-22&establishment=0770934X')),
      summary: (await get(a.operator, '/v1/fleet/summary?as_of=2026-11-22')).json(),
      forecast: (await get(a.operator, '/v1/renewal-forecast?as_of=2026-11-22')).json().redeployment,
    });
    const before = await report();
    // b: idle over the 10 school days to 20 November; b and c (never checked in): not seen in the 14 days to the 22nd.
    expect(before.idle).toEqual(['SN-b']);
    expect(before.offline).toEqual(['SN-b', 'SN-c']);
    expect(before.summary.last_seen).toMatchObject({ lt_1d: 0 });
    expect(serials(await get(a.operator, '/v1/devices?idle=true&offline_days=400&establishment=0770934X'))).toEqual(['SN-b']);

    await push(env, a.connector, [session('b', '2026-12-01', '10:00', 900), session('c', '2026-11-24', '10:00', 900)]);
    await rolledUp(env, a.tenantId);
    // Today's lists moved: b was used on 1 December.
    expect(serials(await get(a.operator, '/v1/devices?idle=true&offline_days=400&establishment=0770934X'))).toEqual([]);
    expect(await report()).toEqual(before);
  });

  it('a device whose first contact comes after the date stays never connected in the report: not offline, not idle', async () => {
    const report = async () => ({
      idle: serials(await get(a.operator, '/v1/devices?idle=true&offline_days=400&as_of=2026-11-20&establishment=0770934X')),
      offline: serials(await get(a.operator, '/v1/devices?offline=true&as_of=2026-11-22&establishment=0770934X')),
      summary: (await get(a.operator, '/v1/fleet/summary?as_of=2026-11-22')).json(),
    });
    // Enrolled in September, in service, never synchronised until December: its days are rolled up without use.
    await push(env, a.connector, [device('late', { kind: 'tablet', assignment: 'individual', last_contact: null })]);
    await rolledUp(env, a.tenantId);
    await rollUpRange(env, a.tenantId, [a.establishmentId], '2026-10-26', '2026-11-22');
    const before = await report();
    expect(before.idle).not.toContain('SN-late');
    expect(before.offline).not.toContain('SN-late');

    await push(env, a.connector, [session('late', '2026-12-01', '10:00', 60)]);
    await rolledUp(env, a.tenantId);
    expect(serials(await get(a.operator, '/v1/devices?never_connected=true&establishment=0770934X'))).not.toContain('SN-late');
    expect(await report()).toEqual(before);
  });

  it('counts as unmanaged on the date the devices no source listed any more by then', async () => {
    const summary = async () => (await get(a.operator, '/v1/fleet/summary?as_of=2026-11-22')).json();
    const before = await summary();
    await env.db
      .updateTable('devices')
      .set({ unmanaged_since: new Date('2026-11-10T09:00:00Z') })
      .where('tenant_id', '=', a.tenantId)
      .where('serial', '=', 'SN-old')
      .execute();
    await env.db
      .updateTable('devices')
      .set({ unmanaged_since: new Date() })
      .where('tenant_id', '=', a.tenantId)
      .where('serial', '=', 'SN-a')
      .execute();
    expect((await summary()).unmanaged).toBe(before.unmanaged + 1);
  });

  it('refuses a date in the future or not a date, by field', async () => {
    for (const url of [
      '/v1/devices?idle=true&as_of=2999-01-01',
      '/v1/fleet/summary?as_of=2999-01-01',
      '/v1/obsolescence?as_of=2026-13-01',
    ]) {
      const res = await get(a.operator, url);
      expect(res.statusCode).toBe(400);
      expect(res.json().error.field).toBe('as_of');
    }
  });
});
