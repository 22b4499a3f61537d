import { beforeAll, describe, expect, it } from 'vitest';
import { addCollege, waitFor } from '../setup/test-env.ts';
import { useTenants, useTestEnv } from '../setup/use-test-env.ts';
import { device, local, session } from '../setup/events.ts';
import { ROLLUP_TEST_ENV, rolledUp, rollUpRange } from '../setup/rollups.ts';
import { push } from '../setup/push.ts';

// A report for a past date reads what devices were that day (device_history) and the contacts
// sources had reported by then (device_contact_days, migration 0072): a device retired, moved or
// re-kinded later, and an inventory source's later contact, leave the past day's answer as it was.

const env = useTestEnv({ env: ROLLUP_TEST_ENV, worker: true });
const [a] = useTenants(env, 'as-of-history');
const D = '2026-11-22';

const get = (url: string) => env.app.inject({ url, headers: { authorization: `Bearer ${a.operator}` } });
const flagged = async () => (await get('/v1/obsolescence')).json().devices_flagged as number;
const old = { acquired_on: '2015-09-01' };
// A device only an inventory source knows: GLPI reports its agent's last contact, no check-in.
const glpi = (lastContact: string) =>
  push(
    env,
    a.connector,
    [device('g', { kind: 'desktop', acquired_on: '2024-09-01', observed_at: lastContact, last_contact: lastContact })],
    'glpi',
  );

const IDLE = `/v1/devices?idle=true&offline_days=400&as_of=2026-11-20&establishment=0770934X`;

/** Every as_of answer for D, as the bytes the API sent. */
async function report() {
  const urls = [
    `/v1/fleet/summary?as_of=${D}`,
    `/v1/devices?offline=true&as_of=${D}&establishment=0770934X`,
    `/v1/devices?offline=true&as_of=${D}&establishment=0770935Y`,
    `/v1/devices?obsolete=any&as_of=${D}&establishment=0770934X`,
    `/v1/devices?obsolete=any&as_of=${D}&establishment=0770935Y`,
    `/v1/obsolescence?as_of=${D}`,
    `/v1/renewal-forecast?as_of=${D}`,
  ];
  const bodies: Record<string, string> = {};
  for (const url of urls) {
    const res = await get(url);
    expect(res.statusCode, url).toBe(200);
    bodies[url] = res.body;
  }
  return bodies;
}

let e2: string;

beforeAll(async () => {
  e2 = await addCollege(env, a.tenantId, '0770935Y', 'Autre collège');
  await push(env, a.connector, [
    // r and m: used once in October, then silent (offline and idle on D); all three obsolete by age.
    device('r', { kind: 'laptop', assignment: 'shared_room', ...old }),
    device('m', { kind: 'laptop', assignment: 'shared_room', ...old }),
    device('k', { kind: 'tablet', assignment: 'shared_room', ...old }),
    session('r', '2026-10-27', '10:00', 600),
    session('m', '2026-10-27', '10:00', 600),
    session('k', '2026-11-20', '10:00', 600),
  ]);
  await glpi(local('2026-11-19', '10:00'));
  await rolledUp(env, a.tenantId);
  await rollUpRange(env, a.tenantId, [a.establishmentId, e2], '2026-10-26', D);
  await waitFor(async () => (await flagged()) === 3, 20_000, 'obsolescence evaluated');
}, 120_000);

describe('as_of: status, kind, establishment and contacts are history', () => {
  it('reads a device known only from an inventory source as seen on the contact it reported', async () => {
    const summary = (await get(`/v1/fleet/summary?as_of=${D}`)).json();
    // g (contact 19 Nov: D-3) and k (used 20 Nov); r and m last seen 27 Oct.
    expect(summary.last_seen).toEqual({ lt_1d: 0, '1d_7d': 2, '7d_30d': 2, gt_30d: 0, never: 0 });
    const offline = (await get(`/v1/devices?offline=true&as_of=${D}`)).json().items.map((d: { serial: string }) => d.serial);
    expect(offline.sort()).toEqual(['SN-r', 'SN-m'].sort());
  });

  it('gives the same bytes for a past date after a device is retired, moved and re-kinded, and a later contact', async () => {
    const before = await report();
    expect((await get(IDLE)).json().items.map((d: { serial: string }) => d.serial)).toEqual(expect.arrayContaining(['SN-m', 'SN-r']));
    expect(JSON.parse(before[`/v1/devices?offline=true&as_of=${D}&establishment=0770934X`]!).items).toHaveLength(2);
    expect(JSON.parse(before[`/v1/obsolescence?as_of=${D}`]!)).toMatchObject({ devices_flagged: 3 });

    await push(env, a.connector, [
      device('r', { kind: 'laptop', assignment: 'shared_room', ...old, status: 'retired', observed_at: new Date().toISOString() }),
      device('m', { kind: 'laptop', assignment: 'shared_room', ...old, observed_at: new Date().toISOString() }, '0770935Y'),
      device('k', { kind: 'laptop', assignment: 'shared_room', ...old, observed_at: new Date().toISOString() }),
    ]);
    await glpi(new Date().toISOString());
    await rolledUp(env, a.tenantId);
    // And a recompute of the past days (a settings or calendar change redoes them).
    await rollUpRange(env, a.tenantId, [a.establishmentId, e2], '2026-10-26', D);

    // Today's answers moved: r retired, m at the other collège, k a laptop, g seen today.
    const now = (await get('/v1/fleet/summary')).json();
    expect(now.by_status).toMatchObject({ retired: 1, in_service: 3 });
    expect(now.by_kind).toMatchObject({ laptop: 3, desktop: 1 });
    expect(now.by_kind.tablet).toBeUndefined();
    expect(now.last_seen.lt_1d).toBeGreaterThanOrEqual(4);
    await waitFor(async () => (await flagged()) === 2, 20_000, 'obsolescence re-evaluated');
    const today = (await get('/v1/obsolescence')).json();
    expect(today.by_establishment.map((e: { uai: string; devices_flagged: number }) => [e.uai, e.devices_flagged])).toEqual([
      ['0770934X', 1],
      ['0770935Y', 1],
    ]);

    expect(await report()).toEqual(before);
    // The recompute judged each device as it stood on each day: m, moved since, and r, retired
    // since, are still in their collège's idle list of that day, and m not in the other's.
    expect((await get(IDLE)).json().items.map((d: { serial: string }) => d.serial)).toEqual(expect.arrayContaining(['SN-m', 'SN-r']));
    const other = (await get(IDLE.replace('0770934X', '0770935Y'))).json().items.map((d: { serial: string }) => d.serial);
    expect(other).not.toContain('SN-m');
  });
});
