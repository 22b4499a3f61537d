import { beforeAll, describe, expect, it } from 'vitest';
import { alerts, carts } from '@vigie/store';
import { evaluateTenant } from '../../services/worker/src/alerts/evaluate-tenant.ts';
import { ROLLUP_TEST_ENV, rolledUp, rollUpRange } from '../setup/rollups.ts';
import { beats, device, measured, session } from '../setup/events.ts';
import { push } from '../setup/push.ts';
import { addCollege, seedTenant, type SeededTenant } from '../setup/test-env.ts';
import { useTestEnv } from '../setup/use-test-env.ts';
import { createRule } from '../setup/alert-rules.ts';

// A collège (zone C) and a second one whose week ends in two outage days, pushed through the real
// API, worker and rollups; the idle and cart-unused alerts evaluated on Monday 23 November 2026 are
// then compared with what the REST API reports of the rollup's decisions for the same days.

const env = useTestEnv({ env: ROLLUP_TEST_ENV, worker: true });
let t: SeededTenant;
let outageSchoolId: string;
const cartIds = new Map<string, string>();
const NOW = new Date('2026-11-23T10:00:00Z'); // Monday, 11:00 in Paris
const FROM = '2026-11-02';
const TO = '2026-11-22';
const xs = ['x1', 'x2', 'x3', 'x4', 'x5'];

beforeAll(async () => {
  // The test drives the clock: the worker's own evaluations stay paused.
  await env.queues.evaluateAlerts.pause();
  t = await seedTenant(env, 'idle-rollup');
  outageSchoolId = await addCollege(env, t.tenantId, '0770935Y', 'Collège en panne');
  for (const name of ['Chariot A', 'Chariot B', 'Chariot C'])
    cartIds.set(name, (await carts.create(env.db, t.tenantId, t.establishmentId, name)).id);
  const inCart = (id: string, cart: string, extra: Record<string, unknown> = {}) =>
    device(id, { kind: 'tablet', assignment: 'cart', cart, ...extra });
  const individual = (id: string, extra: Record<string, unknown> = {}) =>
    device(id, { kind: 'laptop', assignment: 'individual', ...extra });
  await push(env, t.connector, [
    individual('busy'),
    individual('left-on'),
    individual('short'),
    individual('never'),
    individual('measured-low'),
    individual('measured-ok'),
    individual('repair', { status: 'in_repair' }),
    individual('stock', { assignment: 'stock' }),
    individual('late', { acquired_on: '2026-11-19' }),
    inCart('k1', 'Chariot A'),
    inCart('k2', 'Chariot A'),
    inCart('k3', 'Chariot A'),
    inCart('m1', 'Chariot B'),
    inCart('m2', 'Chariot B'),
    inCart('n1', 'Chariot C', { status: 'in_repair' }),
    ...[...xs, 'x6'].map((x) => device(x, { kind: 'laptop', assignment: 'shared_room' }, '0770935Y')),
  ]);
  await push(env, t.connector, [
    session('busy', '2026-11-19', '10:00', 600),
    // On during Wednesday's lessons, no measure and no app session, but its MDM delivers app usage for
    // laptops (busy): switched on without use, not active (docs/indicators.md).
    // Seen again on Friday, as 'present' is: the establishment's Friday is no outage for all that.
    ...beats('left-on', '2026-11-18', '08:00', '12:00'),
    ...beats('left-on', '2026-11-20', '08:00', '12:00'),
    session('short', '2026-11-20', '10:00', 200),
    measured('measured-low', '2026-11-19', 120),
    measured('measured-ok', '2026-11-20', 900),
    session('late', '2026-11-05', '10:00', 600),
    session('k1', '2026-11-18', '09:00', 600),
    // Used Monday to Wednesday, then the whole establishment falls silent on Thursday and Friday (outages).
    ...xs.flatMap((x) => ['2026-11-16', '2026-11-17', '2026-11-18'].map((d) => session(x, d, '09:00', 900))),
  ]);
  // A laptop only an inventory agent knows, on during Wednesday's lessons: no use signal is available
  // for it, so it is active on presence.
  await push(
    env,
    t.connector,
    [individual('present'), ...['2026-11-18', '2026-11-20'].flatMap((d) => beats('present', d, '08:00', '12:00'))],
    'inventory-agent',
  );
  await rolledUp(env, t.tenantId);
  await rollUpRange(env, t.tenantId, [t.establishmentId, outageSchoolId], FROM, TO);
  const params = { school_days: 3, clear_for_minutes: 0 };
  await createRule(env, t.tenantId, { kind: 'device_idle', name: 'idle', params, overrides: { [outageSchoolId]: { school_days: 2 } } });
  await createRule(env, t.tenantId, { kind: 'cart_unused', name: 'carts', params });
}, 120_000);

const get = async <T>(url: string): Promise<T> => {
  const res = await env.app.inject({ url, headers: { authorization: `Bearer ${t.operator}` } });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as T;
};
const evaluate = () => evaluateTenant(env.db, env.queues, env.config, t.tenantId, NOW);
const unresolved = async (kind: string) =>
  (await alerts.list(env.db, t.tenantId, { ruleKind: kind, state: 'unresolved', limit: 1000 })).filter((a) => a.clear_since === null);

interface ApiDevice {
  id: string;
  serial: string;
  status: string;
  assignment: string | null;
  establishment_uai: string | null;
}
interface ApiDecision {
  day: string;
  school_day: boolean;
  in_service: boolean;
  active: boolean;
  signal: string;
}

/** The last `n` school days before Monday 23 that the establishment's activity API does not flag as outages, newest first. */
async function window(uai: string, n: number): Promise<string[]> {
  const { periods } = await get<{ periods: { start: string; school_days: number; outage: boolean | null }[] }>(
    `/v1/establishments/${uai}/activity?granularity=day&from=${FROM}&to=${TO}`,
  );
  return periods
    .filter((p) => p.school_days === 1 && !p.outage)
    .map((p) => p.start)
    .sort()
    .reverse()
    .slice(0, n);
}

describe("the idle and cart-unused alerts are the rollup's indicator", () => {
  it('an idle alert fires for exactly the devices the device activity API reports in service and not active on each of the last N school days', async () => {
    await evaluate();
    const windows = new Map([
      ['0770934X', await window('0770934X', 3)],
      ['0770935Y', await window('0770935Y', 2)],
    ]);
    // Thursday and Friday were outages in the second collège: its window reaches back to Wednesday and Tuesday.
    expect(windows).toEqual(
      new Map([
        ['0770934X', ['2026-11-20', '2026-11-19', '2026-11-18']],
        ['0770935Y', ['2026-11-18', '2026-11-17']],
      ]),
    );

    const { items } = await get<{ items: ApiDevice[] }>('/v1/devices?limit=500');
    const fromApi: string[] = [];
    for (const d of items) {
      const days = windows.get(d.establishment_uai ?? '')!;
      const { days: decisions } = await get<{ days: ApiDecision[] }>(`/v1/devices/${d.id}/activity?from=${FROM}&to=${TO}`);
      const notActive = days.every((day) => decisions.some((x) => x.day === day && x.school_day && x.in_service && !x.active));
      if (notActive && d.status === 'in_service' && d.assignment !== 'stock') fromApi.push(d.id);
    }
    const fired = await unresolved('device_idle');
    expect(fired.map((a) => a.subject_id).sort()).toEqual(fromApi.sort());

    // The idle filter of the device list judges the same rows before the real today: nothing was rolled up after Friday 20.
    // (offline_days=400: these devices were seen weeks ago; the list leaves offline devices out, the alert does not.)
    for (const [uai, n] of [
      ['0770934X', 3],
      ['0770935Y', 2],
    ] as const) {
      const listed = await get<{ items: ApiDevice[] }>(
        `/v1/devices?idle=true&idle_school_days=${n}&offline_days=400&establishment=${uai}&limit=500`,
      );
      const here = new Set(items.filter((d) => d.establishment_uai === uai).map((d) => d.id));
      expect(listed.items.map((d) => d.id).sort()).toEqual(
        fired
          .map((a) => a.subject_id)
          .filter((id) => here.has(id))
          .sort(),
      );
    }

    const serial = new Map(items.map((d) => [d.id, d.serial]));
    // Not idle: used (usage, measure, or presence in lesson hours without any use signal available), in repair or stock, or not in
    // service at the window's start. Left on without use while its source delivers use for laptops: idle.
    expect(fired.map((a) => serial.get(a.subject_id)).sort()).toEqual([
      'SN-k2',
      'SN-k3',
      'SN-left-on',
      'SN-m1',
      'SN-m2',
      'SN-measured-low',
      'SN-never',
      'SN-short',
      'SN-x6',
    ]);
    const x6 = fired.find((a) => serial.get(a.subject_id) === 'SN-x6')!;
    expect(x6.details).toMatchObject({ school_days: 2, since: '2026-11-17' });
    for (const a of fired.filter((x) => x !== x6)) expect(a.details).toMatchObject({ school_days: 3, since: '2026-11-18' });
  });

  it("a device active on presence alone (no use signal available) is not idle, one left on without use is: the alert takes the rollup's decision", async () => {
    const { items } = await get<{ items: ApiDevice[] }>('/v1/devices?q=SN-present');
    const { days } = await get<{ days: ApiDecision[] }>(`/v1/devices/${items[0]!.id}/activity?from=2026-11-18&to=2026-11-18`);
    expect(days).toEqual([expect.objectContaining({ day: '2026-11-18', in_service: true, active: true, signal: 'presence' })]);
    expect((await unresolved('device_idle')).map((a) => a.subject_id)).not.toContain(items[0]!.id);
    const leftOn = (await get<{ items: ApiDevice[] }>('/v1/devices?q=SN-left-on')).items[0]!;
    const judged = (await get<{ days: ApiDecision[] }>(`/v1/devices/${leftOn.id}/activity?from=2026-11-18&to=2026-11-18`)).days;
    expect(judged).toEqual([
      expect.objectContaining({ active: false, signal: 'presence_unused', judged_on_use: true, presence_active: true }),
    ]);
  });

  it('a cart-unused alert fires for exactly the carts the utilisation API reports with devices and none active on each of the last N school days', async () => {
    const days = await window('0770934X', 3);
    expect(days).toHaveLength(3);
    const fromApi: string[] = [];
    for (const [, id] of cartIds) {
      const u = await get<{ days: { day: string; devices: number; active_devices: number }[] }>(
        `/v1/carts/${id}/utilisation?from=${FROM}&to=${TO}`,
      );
      if (days.every((day) => u.days.some((c) => c.day === day && c.devices > 0 && c.active_devices === 0))) fromApi.push(id);
    }
    const fired = await unresolved('cart_unused');
    expect(fired.map((a) => a.subject_id).sort()).toEqual(fromApi.sort());
    // Chariot A was used on Wednesday; Chariot C's only device is in repair: no device in service, not "unused".
    expect(fired.map((a) => a.subject_id)).toEqual([cartIds.get('Chariot B')]);
    expect(fired[0]!.details).toMatchObject({ school_days: 3, since: '2026-11-18', devices: 2 });
  });

  it('late data the rollup turns into an active day clears the alert of that device and cart at the next evaluation', async () => {
    await push(env, t.connector, [session('m1', '2026-11-20', '14:00', 600)]);
    await rolledUp(env, t.tenantId);
    const { items } = await get<{ items: ApiDevice[] }>('/v1/devices?q=SN-m1');
    const { days } = await get<{ days: ApiDecision[] }>(`/v1/devices/${items[0]!.id}/activity?from=2026-11-20&to=2026-11-20`);
    expect(days).toEqual([expect.objectContaining({ active: true, signal: 'usage' })]);
    await evaluate();
    expect((await unresolved('device_idle')).map((a) => a.subject_id)).not.toContain(items[0]!.id);
    expect(await unresolved('cart_unused')).toEqual([]);
    expect(
      (await alerts.list(env.db, t.tenantId, { ruleKind: 'cart_unused', state: 'resolved', limit: 10 })).map((a) => a.subject_id),
    ).toEqual([cartIds.get('Chariot B')]);
  });
});
