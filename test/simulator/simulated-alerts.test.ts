import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { alertRules, alerts, apiTokens } from '@vigie/store';
import {
  datesFrom,
  devicesOf,
  fleetDays,
  inventoryEvents,
  outageOn,
  planFleet,
  provisionFleet,
  pushBatches,
  sourcedBatches,
  type Delivered,
  type Device,
  type ProvisionedTenant,
  type SimulatedDeviceDay,
} from '@vigie/simulator';
import { evaluateTenant } from '../../services/worker/src/alerts/evaluate-tenant.ts';
import { createRule } from '../setup/alert-rules.ts';
import { startFakeGlpi } from '../fake-mdm/glpi.ts';
import { ROLLUP_TEST_ENV, rolledUp } from '../setup/rollups.ts';
import { alertExpectations, listedInService } from './alert-expectations.ts';
import { waitFor } from '../setup/test-env.ts';
import { useTestEnv } from '../setup/use-test-env.ts';

// Three simulated weeks (12 October to 3 November 2026: Toussaint holidays from 17 October to
// 1 November in zone C and in La Réunion alike this year) of a collège near Paris and one in La
// Réunion, pushed through the real API, worker and rollups in delivery order up to each checkpoint,
// then the alert rules evaluated as of that instant and compared with the simulator's truth. The
// worker's own evaluations (at the real clock) are paused: the test drives the clock.

const env = useTestEnv({ env: { ...ROLLUP_TEST_ENV, SECRETS_KEY: Buffer.alloc(32, 7).toString('base64') }, worker: true });
let tenant: ProvisionedTenant;
// The outage establishment (La Réunion, the second) goes silent from midnight to 14:00 on its outage days.
const plan = planFleet({ seed: 2026, devices: 120, establishments: 2, tenantPrefix: 'simalert-', outageFromMinute: 0 });
const dates = datesFrom('2026-10-12', 23);
const simulated: SimulatedDeviceDay[] = [];
const queue: Delivered[] = [];
let next = 0;
const PLACEHOLDER = 'To be filled by O.E.M.';
const devices: Device[] = plan.establishments.flatMap((e) => [...devicesOf(plan, e)]);
const paris = plan.establishments[0]!;
const reunion = plan.establishments[1]!;

beforeAll(async () => {
  await env.queues.evaluateAlerts.pause();
  const address = await env.app.listen({ host: '127.0.0.1', port: 0 });
  const admin = await apiTokens.create(env.db, { tenantId: null, role: 'admin', name: 'simulated alerts' });
  tenant = [...(await provisionFleet({ baseUrl: address, token: admin.token }, plan, 'simulated alerts')).values()][0]!;
  for (const day of fleetDays(plan, dates)) {
    simulated.push(day);
    queue.push(...day.delivered);
  }
  queue.sort((a, b) => a.deliverAt - b.deliverAt);
  const inventory = await pushBatches(
    () => tenant.connector,
    sourcedBatches(inventoryEvents(plan, Date.parse('2026-10-12T02:00:00Z')), { size: 100, seed: plan.seed }),
    { concurrency: 4 },
  );
  expect(inventory.rejected).toBe(0);
}, 60_000);

/** Pushes everything delivered up to `at` (late uploads and 2 % duplicate batches included), then waits for storage and rollups. */
async function deliverUntil(at: string) {
  const until = Date.parse(at);
  const start = next;
  while (next < queue.length && queue[next]!.deliverAt <= until) next++;
  const pushed = await pushBatches(
    () => tenant.connector,
    sourcedBatches(queue.slice(start, next), { size: 100, seed: plan.seed, duplicateShare: 0.02 }),
    { concurrency: 4 },
  );
  expect(pushed.rejected).toBe(0);
  await rolledUp(env, tenant.tenantId, 80_000);
  await waitFor(
    async () => Object.values(await env.queues.rollupDay.getJobCounts('waiting', 'delayed', 'active')).every((n) => n === 0),
    20_000,
    'rollup-day queue drained',
  );
  await rolledUp(env, tenant.tenantId, 10_000);
}

const evaluate = (at: string) => evaluateTenant(env.db, env.queues, env.config, tenant.tenantId, new Date(at));

async function rule(kind: string, params: Record<string, unknown>, name = kind) {
  return createRule(env, tenant.tenantId, { kind, name, params });
}

interface ApiPeriod {
  start: string;
  school_days: number;
  in_service_device_days: number;
  active_device_days: number;
  activity_rate: number | null;
}
async function activity(uai: string, granularity: 'day' | 'week', from: string, to: string): Promise<ApiPeriod[]> {
  const res = await env.app.inject({
    url: `/v1/establishments/${uai}/activity?granularity=${granularity}&from=${from}&to=${to}`,
    headers: { authorization: `Bearer ${tenant.operator.token}` },
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().periods;
}

interface AlertView {
  id: string;
  rule_kind: string;
  state: string;
  subject_id: string;
  clear_since: Date | null;
  details: Record<string, unknown>;
}
async function alertsOf(kind: string, state: 'unresolved' | 'resolved'): Promise<AlertView[]> {
  return (await alerts.list(env.db, tenant.tenantId, { ruleKind: kind, state, limit: 1000 })) as AlertView[];
}

/** Vigie's device ids -> serials, without the unmerged BIOS-placeholder GLPI records. */
async function serials(): Promise<Map<string, string>> {
  const r = await sql<{
    id: string;
    serial: string;
  }>`SELECT id, serial FROM devices WHERE tenant_id = ${tenant.tenantId} AND serial <> ${PLACEHOLDER}`.execute(env.db);
  return new Map(r.rows.map((x) => [x.id, x.serial]));
}
async function subjects(kind: string, state: 'unresolved' | 'resolved' = 'unresolved'): Promise<string[]> {
  const names = await serials();
  return (await alertsOf(kind, state)).flatMap((a) => (names.has(a.subject_id) ? [names.get(a.subject_id)!] : [])).sort();
}
async function uaiOf(establishmentId: string): Promise<string> {
  return (
    await sql<{ uai: string }>`SELECT uai FROM establishments WHERE tenant_id = ${tenant.tenantId} AND id = ${establishmentId}`.execute(
      env.db,
    )
  ).rows[0]!.uai;
}
async function cartSubjects(state: 'unresolved' | 'resolved' = 'unresolved'): Promise<string[]> {
  const r = await sql<{ id: string; key: string }>`
    SELECT c.id, e.uai || '/' || c.name AS key FROM carts c JOIN establishments e ON e.tenant_id = c.tenant_id AND e.id = c.establishment_id
    WHERE c.tenant_id = ${tenant.tenantId}`.execute(env.db);
  const keys = new Map(r.rows.map((x) => [x.id, x.key]));
  return (await alertsOf('cart_unused', state)).map((a) => keys.get(a.subject_id)!).sort();
}

const { activeOn, expectedIdle, expectedUnusedCarts, expectedOffline, expectedObsolete } = alertExpectations({
  plan,
  devices,
  simulated,
  queue,
});

const A = '2026-10-14T09:00:00Z'; // Wednesday: 11:00 in Paris, 13:00 in La Réunion, during its outage (00:00-14:00)
const B = '2026-10-15T09:00:00Z'; // Thursday, same hours: the outage is over
const B2 = '2026-10-15T10:05:00Z'; // 65 minutes later: past the 60-minute hysteresis
const C = '2026-10-16T09:00:00Z'; // Friday before the holidays
const D = '2026-10-31T10:00:00Z'; // Saturday in the Toussaint holidays
const D2 = '2026-11-02T10:00:00Z'; // Monday after the holidays: 11:00 in Paris, 14:00 in La Réunion
const E = '2026-11-03T10:00:00Z'; // Tuesday after the holidays: 11:00 in Paris (winter time), 14:00 in La Réunion
const F = '2026-11-03T11:01:00Z'; // 61 minutes later
// The last school days before C and before E (both collèges: Wednesday mornings are school days;
// the holidays and weekends in between are not counted). No outage day is skipped: the simulated
// outage ends at 14:00, and once its day is over the rollup no longer flags it.
const IDLE_WINDOW_C = ['2026-10-15', '2026-10-14', '2026-10-13'];
const IDLE_WINDOW_D2 = ['2026-10-16', '2026-10-15', '2026-10-14'];
const IDLE_WINDOW_E = ['2026-11-02', '2026-10-16', '2026-10-15'];

let glpi: Awaited<ReturnType<typeof startFakeGlpi>>;
let sourceId: string;
const call = async (method: 'POST' | 'PATCH', url: string, payload?: object) => {
  const res = await env.app.inject({
    method,
    url,
    headers: { authorization: `Bearer ${tenant.operator.token}` },
    ...(payload ? { payload } : {}),
  });
  expect(res.statusCode, res.body).toBeLessThan(300);
  return res.json() as { id: string };
};
async function syncAndWait() {
  const before = (
    await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM sync_runs WHERE tenant_id = ${tenant.tenantId} AND status IN ('succeeded', 'failed')`.execute(env.db)
  ).rows[0]!.n;
  await call('POST', `/v1/sources/${sourceId}/sync`);
  await waitFor(
    async () =>
      (
        await sql<{
          n: number;
        }>`SELECT count(*)::int AS n FROM sync_runs WHERE tenant_id = ${tenant.tenantId} AND status IN ('succeeded', 'failed')`.execute(
          env.db,
        )
      ).rows[0]!.n > before,
    30_000,
    'the sync run',
  );
}

describe('alert rules on a simulated fleet, evaluated through the real pipeline', () => {
  it('the simulated outage opens one outage alert, for its establishment only; a source refusing its credentials opens its alert', async () => {
    expect(outageOn({ establishment: reunion } as never, '2026-10-14')).toBe(true);
    await rule('establishment_outage', { clear_for_minutes: 60 });
    await rule('source_sync_failing', { consecutive_failures: 3, clear_for_minutes: 0 });
    glpi = await startFakeGlpi([]);
    sourceId = (
      await call('POST', '/v1/sources', {
        name: 'glpi-pull',
        kind: 'glpi',
        base_url: `${glpi.url}/apirest.php`,
        page_size: 50,
        time_zone: 'Europe/Paris',
        credentials: { user_token: 'wrong-token', app_token: 'glpi-app-token' },
      })
    ).id;
    await syncAndWait();
    await deliverUntil(A);
    await evaluate(A);
    const outages = await alertsOf('establishment_outage', 'unresolved');
    expect(await Promise.all(outages.map((a) => uaiOf(a.subject_id)))).toEqual([reunion.uai]);
    expect((await alertsOf('source_sync_failing', 'unresolved')).map((a) => a.subject_id)).toEqual([sourceId]);
    expect((await evaluate(A)).counts.opened).toBe(0);
  }, 90_000);

  it('the outage alert resolves once the establishment reports again and stayed clear for the hysteresis delay', async () => {
    await deliverUntil(B);
    await evaluate(B);
    const [clearing] = await alertsOf('establishment_outage', 'unresolved');
    expect(clearing).toMatchObject({ state: 'open' });
    expect(clearing!.clear_since).not.toBeNull();
    await deliverUntil(B2);
    await evaluate(B2);
    expect(await alertsOf('establishment_outage', 'unresolved')).toEqual([]);
    expect((await alertsOf('establishment_outage', 'resolved')).map((a) => a.id)).toEqual([clearing!.id]);
    expect(
      (await alerts.history(env.db, tenant.tenantId, clearing!.id)).map((h) => `${h.to_state}:${h.actor_name}:${h.note ?? ''}`),
    ).toEqual(['open:vigie:', 'resolved:vigie:condition cleared']);
  }, 90_000);

  it('idle, offline, obsolete devices and unused carts open exactly the alerts of the truth, once each', async () => {
    await deliverUntil(C);
    await rule('device_idle', { school_days: 3, clear_for_minutes: 60 });
    await rule('cart_unused', { school_days: 1, clear_for_minutes: 60 });
    await rule('device_offline', { days: 14, clear_for_minutes: 0 });
    await rule('device_obsolete', { horizon_months: 6 });
    await rule('activity_rate_low', { threshold: 0.3, school_days: 3, clear_for_minutes: 60 });
    await evaluate(C);

    expect(await subjects('device_idle')).toEqual(expectedIdle(IDLE_WINDOW_C, C));
    const brokenOrLost = devices.filter(
      (d) => listedInService(d) && (d.fate.kind === 'broken' || d.fate.kind === 'lost') && d.fate.from! < '2026-10-01',
    );
    const neverUsed = devices.filter((d) => listedInService(d) && d.fate.kind === 'never_used');
    expect(brokenOrLost.length).toBeGreaterThan(0);
    expect(neverUsed.length).toBeGreaterThan(0);
    expect(await subjects('device_idle')).toEqual(expect.arrayContaining([...brokenOrLost, ...neverUsed].map((d) => d.serial)));
    for (const a of await alertsOf('device_idle', 'unresolved')) expect(a.details).toMatchObject({ school_days: 3, since: '2026-10-13' });

    const offline = expectedOffline(C, 14);
    expect(await subjects('device_offline')).toEqual(offline);
    expect(offline).toEqual(expect.arrayContaining(brokenOrLost.map((d) => d.serial)));

    const obsolete = expectedObsolete('2026-10-16');
    expect(obsolete.size).toBeGreaterThan(0);
    const names = await serials();
    const got = new Map(
      (await alertsOf('device_obsolete', 'unresolved')).flatMap((a) =>
        names.has(a.subject_id)
          ? [
              [
                names.get(a.subject_id)!,
                (a.details.reasons as { reason: string; from: string }[]).map((r) => `${r.reason}:${r.from}`),
              ] as const,
            ]
          : [],
      ),
    );
    expect(new Map([...got].sort())).toEqual(new Map([...obsolete].sort()));

    const unused = expectedUnusedCarts(['2026-10-15'], C);
    expect(unused).toEqual([`${reunion.uai}/Chariot tablettes A`]);
    expect(await cartSubjects()).toEqual(unused);

    const placeholders = await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM alerts a JOIN devices d ON d.tenant_id = a.tenant_id AND d.id::text = a.subject_id
      WHERE a.tenant_id = ${tenant.tenantId} AND a.rule_kind = 'device_idle' AND d.serial = ${PLACEHOLDER}`.execute(env.db);
    expect(placeholders.rows[0]!.n).toBe(devices.filter((d) => listedInService(d) && d.sources.glpi?.serial === PLACEHOLDER).length);

    const before = (await alerts.list(env.db, tenant.tenantId, { limit: 5000 })).length;
    expect((await evaluate(C)).counts.opened).toBe(0);
    expect((await alerts.list(env.db, tenant.tenantId, { limit: 5000 })).length).toBe(before);
    const duplicates = await sql`SELECT rule_id, subject_id FROM alerts WHERE tenant_id = ${tenant.tenantId} AND state <> 'resolved'
      GROUP BY rule_id, subject_id HAVING count(*) > 1`.execute(env.db);
    expect(duplicates.rows).toEqual([]);
  }, 90_000);

  it('a low activity rate fires for the establishment whose truth is below the threshold over its last school days', async () => {
    const rate = (uai: string) => {
      const rows = simulated.filter((s) => s.truth.uai === uai && IDLE_WINDOW_C.includes(s.truth.date) && s.truth.in_service);
      return rows.filter((s) => s.truth.active).length / rows.length;
    };
    expect(rate(reunion.uai)).toBeLessThan(0.3);
    expect(rate(paris.uai)).toBeGreaterThan(0.3);
    const low = await alertsOf('activity_rate_low', 'unresolved');
    expect(await Promise.all(low.map((a) => uaiOf(a.subject_id)))).toEqual([reunion.uai]);
    expect(low[0]!.details).toMatchObject({ school_days: 3, since: '2026-10-13', until: '2026-10-15' });
    // The same establishment and days through the REST indicator: the same device-days, the same rate.
    const days = await activity(reunion.uai, 'day', '2026-10-13', '2026-10-15');
    const sum = (k: 'active_device_days' | 'in_service_device_days') => days.reduce((n, d) => n + d[k], 0);
    expect(low[0]!.details).toMatchObject({ active_device_days: sum('active_device_days'), device_days: sum('in_service_device_days') });
    expect(low[0]!.details.rate).toBe(Number((sum('active_device_days') / sum('in_service_device_days')).toFixed(3)));
  });

  it('on a holiday weekend idle, cart and activity-rate alerts neither open nor resolve', async () => {
    const snapshot = async () =>
      JSON.stringify(await Promise.all(['device_idle', 'cart_unused', 'activity_rate_low'].map((k) => alertsOf(k, 'unresolved'))));
    const before = await snapshot();
    await deliverUntil(D);
    await evaluate(D);
    expect(await snapshot()).toBe(before);
  }, 180_000);

  it("an alert's activity rate over a school week is the week's activity rate the API reports", async () => {
    // Monday 2 November: the last 5 school days are the week of 12 October, the API's week period.
    await deliverUntil(D2);
    await rule('activity_rate_low', { threshold: 1, school_days: 5, clear_for_minutes: 60 }, 'activity-week');
    await evaluate(D2);
    const rules = await alertRules.list(env.db, tenant.tenantId);
    const weekRule = rules.find((r) => r.name === 'activity-week')!;
    const fired = await alerts.list(env.db, tenant.tenantId, { ruleId: weekRule.id, limit: 10 });
    expect(fired).toHaveLength(2);
    for (const a of fired) {
      const [week] = await activity(await uaiOf(a.subject_id), 'week', '2026-10-12', '2026-10-18');
      expect(week).toMatchObject({ start: '2026-10-12', school_days: 5 });
      expect(a.details).toMatchObject({
        since: '2026-10-12',
        until: '2026-10-16',
        active_device_days: week!.active_device_days,
        device_days: week!.in_service_device_days,
      });
      expect((a.details as { rate: number }).rate).toBe(Number(week!.activity_rate!.toFixed(3)));
    }
  }, 60_000);

  it('after the holidays the window reaches back before them; used devices and carts resolve after the hysteresis delay', async () => {
    const names = await serials();
    const firing = async () =>
      (await alertsOf('device_idle', 'unresolved'))
        .filter((a) => a.clear_since === null && names.has(a.subject_id))
        .map((a) => names.get(a.subject_id)!)
        .sort();
    const clearingSince = async (at: string) =>
      (await alertsOf('device_idle', 'unresolved'))
        .filter((a) => a.clear_since?.getTime() === Date.parse(at) && names.has(a.subject_id))
        .map((a) => names.get(a.subject_id)!)
        .sort();

    // Monday 2 November: the last 3 school days are 16, 15 and 14 October; the cart unused on 16 October opens.
    await deliverUntil(D2);
    await evaluate(D2);
    expect(await firing()).toEqual(expectedIdle(IDLE_WINDOW_D2, D2));
    expect(await cartSubjects()).toEqual([`${paris.uai}/Chariot tablettes A`, `${reunion.uai}/Chariot tablettes A`].sort());

    // Tuesday 3 November: used on 2 November (or 16 October only: idle if the holidays counted as school days).
    await deliverUntil(E);
    await evaluate(E);
    const usedBeforeHolidays = [...activeOn(['2026-10-16'], E)].filter((s) => !activeOn(['2026-11-02'], E).has(s));
    expect(usedBeforeHolidays.length).toBeGreaterThan(0);
    expect(expectedIdle(IDLE_WINDOW_E, E)).not.toEqual(expect.arrayContaining(usedBeforeHolidays));
    expect(await firing()).toEqual(expectedIdle(IDLE_WINDOW_E, E));
    const clearing = await clearingSince(E);
    expect(clearing.length).toBeGreaterThan(0);
    expect(clearing).toEqual(expectedIdle(IDLE_WINDOW_D2, D2).filter((s) => !expectedIdle(IDLE_WINDOW_E, E).includes(s)));
    expect(await cartSubjects()).toEqual([`${paris.uai}/Chariot tablettes A`, `${reunion.uai}/Chariot tablettes A`].sort());

    // 61 minutes later: what stayed clear resolves; the rest is exactly the truth of the new window.
    await deliverUntil(F);
    await evaluate(F);
    expect(await subjects('device_idle')).toEqual(expectedIdle(IDLE_WINDOW_E, F));
    expect(await subjects('device_idle', 'resolved')).toEqual(expect.arrayContaining(clearing));
    const resolved = await alertsOf('device_idle', 'resolved');
    for (const a of resolved)
      expect((await alerts.history(env.db, tenant.tenantId, a.id)).at(-1)).toMatchObject({
        to_state: 'resolved',
        actor_name: 'vigie',
        note: 'condition cleared',
      });
    expect(expectedUnusedCarts(['2026-11-02'], F)).toEqual([`${reunion.uai}/Chariot tablettes A`]);
    expect(await cartSubjects()).toEqual([`${reunion.uai}/Chariot tablettes A`]);
    expect(await cartSubjects('resolved')).toEqual([`${paris.uai}/Chariot tablettes A`]);
    expect(await subjects('device_offline')).toEqual(expectedOffline(F, 14));
  }, 120_000);

  it('the failing source resolves once a sync succeeds', async () => {
    await call('PATCH', `/v1/sources/${sourceId}`, { credentials: { user_token: 'glpi-user-token', app_token: 'glpi-app-token' } });
    await syncAndWait();
    await evaluate(F);
    expect(await alertsOf('source_sync_failing', 'unresolved')).toEqual([]);
    expect((await alertsOf('source_sync_failing', 'resolved')).map((a) => a.subject_id)).toEqual([sourceId]);
    await glpi.close();
  }, 60_000);
});
