import { beforeAll, describe, expect, it } from 'vitest';
import { apiTokens, establishments } from '@vigie/store';
import { useTenants, useTestEnv } from '../setup/use-test-env.ts';
import { ROLLUP_TEST_ENV, rolledUp, rollUpRange } from '../setup/rollups.ts';
import { device, session } from '../setup/events.ts';
import { push } from '../setup/push.ts';

const env = useTestEnv({ env: ROLLUP_TEST_ENV, worker: true });
const [a, b] = useTenants(env, 'compare-a', 'compare-b');
let partner: string;
let principal: string;

const get = (token: string, url: string) => env.app.inject({ url, headers: { authorization: `Bearer ${token}` } });
const post = (token: string, url: string, payload: object) =>
  env.app.inject({ method: 'POST', url, headers: { authorization: `Bearer ${token}` }, payload });
const byUai = (items: { uai: string }[]) =>
  Object.fromEntries(items.map((i) => [i.uai, i])) as unknown as Record<string, Record<string, number>>;

// uai -> [type, pupils, education priority, devices, devices active on Monday 16 November]
const FLEET: Record<string, [string, number | null, string | null, number, number]> = {
  '0770934X': ['college', 600, 'REP', 6, 3],
  '0770002J': ['college', 250, null, 5, 5],
  '0770003K': ['college', 800, null, 5, 1],
  '0770004L': ['lycee', 1200, null, 5, 2],
  '0770005M': ['college', 300, null, 3, 3],
};

beforeAll(async () => {
  const ids: string[] = [];
  const events: unknown[] = [];
  for (const [uai, [type, pupils, priority, count, active]] of Object.entries(FLEET)) {
    const existing = await establishments.findByUai(env.db, a.tenantId, uai);
    const e =
      existing ??
      (await establishments.create(env.db, a.tenantId, { uai, name: `E ${uai}`, type, calendarZone: 'C', timeZone: 'Europe/Paris' }));
    await establishments.updateReference(env.db, a.tenantId, e.id, { pupils, educationPriority: priority });
    ids.push(e.id);
    for (let i = 0; i < count; i++) {
      events.push(device(`${uai}-${i}`, { kind: 'tablet', assignment: 'individual' }, uai));
      if (i < active) events.push(session(`${uai}-${i}`, '2026-11-16', '10:00', 900));
    }
  }
  events.push(session('0770934X-5', '2026-11-09', '10:00', 900));
  await push(env, a.connector, events);
  await push(env, b.connector, [device('x', { kind: 'tablet' }), session('x', '2026-11-16', '10:00', 900)]);
  await rolledUp(env, a.tenantId);
  await rollUpRange(env, a.tenantId, ids, '2026-11-09', '2026-11-20');
  partner = (await apiTokens.create(env.db, { tenantId: a.tenantId, role: 'partner', name: 'academie' })).token;
  principal = (
    await apiTokens.create(env.db, { tenantId: a.tenantId, role: 'establishment', name: 'principal', establishmentUais: ['0770934X'] })
  ).token;
}, 120_000);

describe('GET /v1/comparisons', () => {
  it('ranks each establishment within its type, with percentile and delta, small ones suppressed', async () => {
    const res = await get(partner, '/v1/comparisons?metric=activity_rate&granularity=week&start=2026-11-18');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ period_start: '2026-11-16', previous_period_start: '2026-11-09', min_devices: 5 });
    const items = byUai(body.items);
    expect(items['0770002J']).toMatchObject({ peer_group: 'college', value: 0.2, rank: 1, percentile: 100, peers: 3, delta: 0.2 });
    expect(items['0770934X']).toMatchObject({ value: 0.1, rank: 2, percentile: 50, previous_value: 1 / 24 });
    expect(items['0770934X']!.delta).toBeCloseTo(0.1 - 1 / 24, 10);
    expect(items['0770003K']).toMatchObject({ value: 0.04, rank: 3, percentile: 0 });
    expect(items['0770004L']).toMatchObject({ peer_group: 'lycee', value: 0.08, rank: 1, percentile: null, peers: 1 });
    expect(items['0770005M']).toMatchObject({ devices: 3, value: null, suppressed: true, rank: null, previous_value: null });
    // Beside the rate, as everywhere: the presence-based rate, the coverage and the device-days judged on presence.
    expect(items['0770002J']).toMatchObject({ presence_rate: 0.2, coverage: 1, presence_device_days: 0 });
    expect(items['0770005M']).toMatchObject({ presence_rate: null, coverage: null, presence_device_days: null });
  });

  it('gives each establishment the values of the weeks before, oldest first, for its trend line', async () => {
    const body = (await get(partner, '/v1/comparisons?metric=activity_rate&granularity=week&start=2026-11-18&history=3')).json();
    const items = byUai(body.items);
    // The three weeks before 16 November: 26 October and 2 November hold nothing, 9 November the one session.
    expect(items['0770934X']!.history).toEqual([null, null, 1 / 24]);
    expect(items['0770005M']!.history).toEqual([null, null, null]);
    expect(
      (await get(partner, '/v1/comparisons?metric=activity_rate&granularity=week&start=2026-11-18')).json().items[0],
    ).not.toHaveProperty('history');
    expect((await get(partner, '/v1/comparisons?start=2026-11-18&history=13')).statusCode).toBe(400);
  });

  it('groups by size band or priority, and normalises per pupil', async () => {
    const size = byUai((await get(a.operator, '/v1/comparisons?granularity=week&start=2026-11-16&peers=type_size')).json().items);
    expect(size['0770934X']).toMatchObject({ peer_group: 'college/600_899', rank: 1, peers: 2 });
    expect(size['0770002J']).toMatchObject({ peer_group: 'college/lt300', rank: 1, peers: 1 });
    const perPupil = byUai(
      (await get(a.operator, '/v1/comparisons?metric=devices_per_pupil&granularity=week&start=2026-11-16&peers=type_priority')).json()
        .items,
    );
    expect(perPupil['0770934X']).toMatchObject({ peer_group: 'college/REP', value: 0.01 });
  });

  it('shows an establishment token its own rank only, and never another tenant', async () => {
    const own = (await get(principal, '/v1/comparisons?granularity=week&start=2026-11-16')).json().items;
    expect(own).toEqual([expect.objectContaining({ uai: '0770934X', rank: 2, peers: 3 })]);
    const other = (await get(b.operator, '/v1/comparisons?granularity=week&start=2026-11-16')).json().items;
    expect(other).toEqual([expect.objectContaining({ uai: '0770934X', devices: 1, suppressed: true })]);
    expect((await get(a.connector, '/v1/comparisons?start=2026-11-16')).statusCode).toBe(403);
    expect((await get(a.operator, '/v1/comparisons?start=2026-11-16&metric=happiness')).json().error.field).toBe('metric');
  });
});

describe('cohorts', () => {
  it('compares tagged establishments and devices, small cohorts suppressed', async () => {
    const pilot = await post(a.operator, '/v1/cohorts', {
      name: 'vague pilote',
      member_kind: 'establishment',
      members: ['0770934X', '0770002J'],
    });
    expect(pilot.statusCode).toBe(201);
    expect(pilot.json()).toMatchObject({ members: 2 });
    const devices = (await get(a.operator, '/v1/devices?establishment=0770934X&limit=2')).json().items.map((d: { id: string }) => d.id);
    expect((await post(a.operator, '/v1/cohorts', { name: 'deux tablettes', member_kind: 'device', members: devices })).statusCode).toBe(
      201,
    );
    const res = await get(partner, '/v1/cohorts/comparison?from=2026-11-16&to=2026-11-20');
    const cohorts = Object.fromEntries(res.json().cohorts.map((c: { name: string }) => [c.name, c]));
    expect(cohorts['vague pilote']).toMatchObject({
      devices: 11,
      in_service_device_days: 55,
      active_device_days: 8,
      activity_rate: 8 / 55,
      suppressed: false,
    });
    // Every tablet of both is judged on use (tablets of theirs carried app sessions): coverage 1, and nothing seen
    // in lesson hours without use, so the presence-based reading is the headline's.
    expect(cohorts['vague pilote']).toMatchObject({
      presence_device_days: 0,
      activity_rate_use: 8 / 55,
      presence_rate: 8 / 55,
      coverage: 1,
    });
    expect(cohorts['deux tablettes']).toMatchObject({ devices: 2, activity_rate: null, suppressed: true });
  });

  it('refuses unknown members and duplicate names, and keeps cohorts per tenant', async () => {
    expect(
      (await post(a.operator, '/v1/cohorts', { name: 'x', member_kind: 'establishment', members: ['0770006N'] })).json().error.code,
    ).toBe('unknown_establishment');
    expect(
      (await post(a.operator, '/v1/cohorts', { name: 'vague pilote', member_kind: 'establishment', members: ['0770934X'] })).statusCode,
    ).toBe(409);
    const aDevice = (await get(a.operator, '/v1/devices?limit=1')).json().items[0].id;
    expect((await post(b.operator, '/v1/cohorts', { name: 'vol', member_kind: 'device', members: [aDevice] })).statusCode).toBe(400);
    expect((await get(b.operator, '/v1/cohorts')).json().items).toEqual([]);
    expect((await get(principal, '/v1/cohorts/comparison?from=2026-11-16&to=2026-11-20')).statusCode).toBe(403);
  });
});

describe('bi.comparisons_v1', () => {
  it('ranks monthly rates among the same type like the API, suppressing small establishments', async () => {
    const rows = (
      await env.app.inject({
        url: '/v1/bi/comparisons_v1.csv?from=2026-11-01&to=2026-11-01',
        headers: { authorization: `Bearer ${a.operator}` },
      })
    ).body
      .trim()
      .split('\r\n');
    expect(rows[0]).toBe('month,uai,name,type,pupils,devices,suppressed,activity_rate,rank,percentile');
    const byUaiRow = Object.fromEntries(rows.slice(1).map((r) => [r.split(',')[1], r.split(',')]));
    expect(byUaiRow['0770002J']!.slice(8)).toEqual(['1', '100.0']);
    expect(byUaiRow['0770005M']!.slice(6)).toEqual(['true', '', '', '']);
    expect(byUaiRow['0770004L']!.slice(8)).toEqual(['1', '0.0']);
  });
});
