import { beforeAll, describe, expect, it } from 'vitest';
import { recomputeRuns } from '@vigie/store';
import { useTenants, useTestEnv } from '../setup/use-test-env.ts';
import { ROLLUP_TEST_ENV, rolledUp } from '../setup/rollups.ts';
import { device, session } from '../setup/events.ts';
import { push } from '../setup/push.ts';
import { expectDoneLive, listRuns, recomputeDone } from './recompute-runs.ts';

const MONDAY = '2026-11-16';
const TUESDAY = '2026-11-17';
const env = useTestEnv({ env: ROLLUP_TEST_ENV, worker: true });
const [t] = useTenants(env, 'recompute-a');

const call = (method: 'GET' | 'PATCH' | 'POST' | 'DELETE', url: string, payload?: object) =>
  env.app.inject({ method, url, headers: { authorization: `Bearer ${t.operator}` }, ...(payload ? { payload } : {}) });
const activeOn = async (day: string) =>
  (await call('GET', `/v1/establishments/${t.uai}/activity?from=${day}&to=${day}`)).json().periods[0].active_device_days as number;
const runs = () => listRuns(env, t);
const done = (id: string) => recomputeDone(env, t, id);

beforeAll(async () => {
  await push(env, t.connector, [
    device('u1', { kind: 'tablet' }),
    device('u2', { kind: 'tablet' }),
    session('u1', MONDAY, '10:00', 900),
    session('u2', MONDAY, '10:00', 400),
    session('u2', TUESDAY, '10:00', 400),
  ]);
  await rolledUp(env, t.tenantId);
}, 60_000);

describe('a change recomputes past days in the background', () => {
  it('a new active threshold changes the figures of days already rolled up; the run reaches done and reports progress live', async () => {
    expect([await activeOn(MONDAY), await activeOn(TUESDAY)]).toEqual([2, 1]);
    const res = await call('PATCH', '/v1/settings', { active_seconds: 600 });
    expect(res.statusCode).toBe(200);
    const run = res.json().recompute;
    expect(run).toMatchObject({ reason: 'settings', days_total: 3 });
    await recomputeDone(env, t, run.id);
    expect([await activeOn(MONDAY), await activeOn(TUESDAY)]).toEqual([1, 0]);
    expect((await runs()).pending).toBe(false);
    await expectDoneLive(env, t, run);
  });

  it('the same change again recomputes nothing, and neither does a threshold read only when answering', async () => {
    const before = (await runs()).items.length;
    expect((await call('PATCH', '/v1/settings', { active_seconds: 600 })).json().recompute).toBeNull();
    expect((await call('PATCH', '/v1/settings', { idle_school_days: 4 })).json().recompute).toBeNull();
    expect((await runs()).items).toHaveLength(before);
  });

  it("an establishment's override recomputes that establishment's days only", async () => {
    const res = await call('PATCH', `/v1/establishments/${t.uai}/settings`, { active_seconds: 300 });
    const run = res.json().recompute;
    expect(run).toMatchObject({ reason: 'establishment_settings', days_total: 3 });
    await done(run.id);
    expect([await activeOn(MONDAY), await activeOn(TUESDAY)]).toEqual([2, 1]);
  });

  it("an establishment's exception and its attributes recompute its past days: a closure takes a school day away, its removal gives it back", async () => {
    const schoolDays = async () =>
      (await call('GET', `/v1/establishments/${t.uai}/activity?from=${MONDAY}&to=${TUESDAY}`))
        .json()
        .periods.map((p: { school_days: number }) => p.school_days);
    const lastRun = async (reason: string, count: number) => {
      const items = (await runs()).items.filter((r) => r.reason === reason);
      expect(items).toHaveLength(count);
      await done(items[0]!.id);
      return items[0]!;
    };
    expect(await schoolDays()).toEqual([1, 1]);
    const closure = await call('POST', '/v1/calendar/exceptions', { establishment: t.uai, kind: 'closure', from: TUESDAY, to: TUESDAY });
    expect(closure.statusCode).toBe(201);
    expect(await lastRun('calendar_exception', 1)).toMatchObject({ days_total: 1 });
    expect(await schoolDays()).toEqual([1, 0]);
    expect((await call('DELETE', `/v1/calendar/exceptions/${closure.json().id}`)).statusCode).toBe(204);
    await lastRun('calendar_exception', 2);
    expect(await schoolDays()).toEqual([1, 1]);

    expect((await call('PATCH', `/v1/establishments/${t.uai}`, { pupils: 640 })).statusCode).toBe(200);
    expect((await lastRun('establishment', 1)).days_total).toBeGreaterThanOrEqual(2);
    // The same value again changes nothing, and starts no run.
    expect((await call('PATCH', `/v1/establishments/${t.uai}`, { pupils: 640 })).statusCode).toBe(200);
    await lastRun('establishment', 1);
  });

  it('answers covering days still to recompute say so, until the run is done', async () => {
    // A run recorded but not queued yet (as the CLI leaves it): the sweeper follows it.
    const run = await recomputeRuns.request(env.db, t.tenantId, { reason: 'calendar', establishmentIds: null, from: MONDAY, to: MONDAY });
    const header = async (from: string, to: string) =>
      (await call('GET', `/v1/establishments/${t.uai}/activity?from=${from}&to=${to}`)).headers['pending-recompute'];
    // Comparisons name a period by a day of it: the week compared and the one before (its delta), or the history asked.
    const compared = async (start: string, history = 0) =>
      (await call('GET', `/v1/comparisons?granularity=week&start=${start}&history=${history}`)).headers['pending-recompute'];
    expect(await header(MONDAY, TUESDAY)).toBe('true');
    expect(await header('2026-11-18', '2026-11-20')).toBeUndefined();
    expect(await compared('2026-11-19')).toBe('true');
    expect(await compared('2026-11-25')).toBe('true');
    expect(await compared('2026-12-02')).toBeUndefined();
    expect(await compared('2026-12-02', 2)).toBe('true');
    await done(run.id);
    expect(await header(MONDAY, TUESDAY)).toBeUndefined();
    expect(await compared('2026-11-19')).toBeUndefined();
  });
});
