import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { apiTokens } from '@vigie/store';
import {
  datesFrom, establishmentDays, fleetDays, inventoryEvents, outageOn, planFleet, provisionFleet, pushBatches, sourcedBatches,
  type Delivered, type DeviceDayTruth, type EstablishmentDayTruth, type ProvisionedTenant,
} from '@vigie/simulator';
import { createTestEnv, waitFor, type TestEnv } from '../setup/test-env.ts';
import { ROLLUP_TEST_ENV, rolledUp } from '../setup/rollups.ts';

// Two simulated weeks (a collège near Paris with a network outage, one in La Réunion) through the
// real API, worker and rollup jobs; Vigie's establishment-days compared with the simulator's truth.

let env: TestEnv;
let tenant: ProvisionedTenant;
const plan = planFleet({ seed: 2026, devices: 160, establishments: 2, tenantPrefix: 'simroll-' });
// Wednesday 25 to Tuesday 31 March 2026 (spring DST change on Sunday 29, outage on Monday 30) and
// Monday 9 to Sunday 15 November 2026 (Armistice on Wednesday 11, outage on Tuesday 10).
const dates = [...datesFrom('2026-03-25', 7), ...datesFrom('2026-11-09', 7)];

/** A device-day truth with the device's fate and the simulated outage. */
interface Row extends DeviceDayTruth {
  never_used: boolean;
  /** The simulator's network outage (09:00-14:00 local): a partial day, not Vigie's whole-day outage. */
  network_outage: boolean;
}
const rows: Row[] = [];
const truthDays: EstablishmentDayTruth[] = [];
let duplicateBatches = 0;
let lateEvents = 0;

beforeAll(async () => {
  env = await createTestEnv(ROLLUP_TEST_ENV);
  await env.startWorker();
  const address = await env.app.listen({ host: '127.0.0.1', port: 0 });
  const admin = await apiTokens.create(env.db, { tenantId: null, role: 'admin', name: 'simulated rollups' });
  tenant = [...(await provisionFleet({ baseUrl: address, token: admin.token }, plan, 'simulated rollups')).values()][0]!;
  const delivered: Delivered[] = [];
  for (const { day, delivered: events, truth } of fleetDays(plan, dates)) {
    const { device } = day;
    rows.push({
      ...truth,
      never_used: device.fate.kind === 'never_used',
      network_outage: outageOn(device, day.date),
    });
    delivered.push(...events);
  }
  truthDays.push(...establishmentDays(rows));
  lateEvents = delivered.filter((d) => d.deliverAt - Date.parse(d.event.observed_at) > 3_600_000).length;
  delivered.sort((a, b) => a.deliverAt - b.deliverAt);
  function* counted(items: Iterable<Delivered>) {
    for (const batch of sourcedBatches(items, { size: 100, seed: plan.seed, duplicateShare: 0.05 })) {
      if (batch.duplicate) duplicateBatches++;
      yield batch;
    }
  }
  const push = (items: Iterable<Delivered>) => pushBatches(() => tenant.connector, counted(items), { concurrency: 4 });
  const inventory = await push(inventoryEvents(plan, Date.parse('2026-11-09T03:00:00Z')));
  // No wait in between: the worker may store activity before the inventory, and the first rollups
  // of 25 March then run before every device is placed (test/rollup/rollup-late-placement.test.ts).
  const activity = await push(delivered);
  expect(inventory.rejected + activity.rejected).toBe(0);
  await rolledUp(env, tenant.tenantId, 40_000);
  // A mark can be cleared before a later job of the same day has run: wait for the queue as well.
  await waitFor(async () => {
    const jobs = await env.queues.rollupDay.getJobCounts('waiting', 'delayed', 'active');
    return Object.values(jobs).every((n) => n === 0);
  }, 10_000, 'rollup-day queue drained');
  await rolledUp(env, tenant.tenantId, 5_000);
}, 58_000);
afterAll(async () => env?.close());

const get = async <T>(url: string) => {
  const res = await env.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${tenant.operator.token}` } });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as T;
};

interface StoredDay { day: string; school_day: boolean; in_service: number; active: number; active_measured: number; active_usage: number; active_presence: number; outage: boolean }
async function storedDays(uai: string): Promise<Map<string, StoredDay>> {
  const r = await sql<StoredDay>`
    SELECT d.day::text AS day, d.school_day, d.in_service, d.active, d.active_measured, d.active_usage, d.active_presence, d.outage
    FROM establishment_days d JOIN establishments e ON e.tenant_id = d.tenant_id AND e.id = d.establishment_id
    WHERE d.tenant_id = ${tenant.tenantId} AND e.uai = ${uai} AND d.dimension = 'all'`.execute(env.db);
  return new Map(r.rows.map((x) => [x.day, x]));
}

interface DayPeriod { start: string; school_days: number; in_service_device_days: number; active_device_days: number; activity_rate: number | null; activity_rate_use: number | null; active_by_signal: { measured: number; usage: number; presence: number }; outage: boolean | null }
const activity = async (uai: string, from: string, to: string) =>
  new Map((await get<{ periods: DayPeriod[] }>(`/v1/establishments/${uai}/activity?granularity=day&from=${from}&to=${to}`)).periods.map((p) => [p.start, p]));

const of = (uai: string, date: string) => rows.filter((r) => r.uai === uai && r.date === date);

/** Device by device on school days: Vigie's decisions on presence against what really happened. */
async function presenceConfusion(): Promise<string> {
  const r = await sql<{ key: string; signal: string; active: boolean }>`
    SELECT s.name || '/' || ds.external_id || '/' || a.day::text AS key, a.signal, a.active
    FROM device_activity a
    JOIN device_sources ds ON ds.tenant_id = a.tenant_id AND ds.device_id = a.device_id
    JOIN sources s ON s.tenant_id = ds.tenant_id AND s.id = ds.source_id
    WHERE a.tenant_id = ${tenant.tenantId} AND a.school_day AND a.in_service`.execute(env.db);
  const vigie = new Map(r.rows.map((x) => [x.key, x]));
  const n = { inferredRight: 0, inferredWrong: 0, missedOnPresence: 0, discountedButUsed: 0, usedWithoutSignal: 0 };
  for (const t of rows.filter((x) => x.school_day && x.expected_in_service)) {
    const v = vigie.get(`${t.source}/${t.device_id}/${t.date}`);
    if (v?.signal === 'presence') {
      if (v.active) n[t.active ? 'inferredRight' : 'inferredWrong']++;
      else if (t.active) n.missedOnPresence++;
    } else if (v?.signal === 'presence_discounted' && t.active) n.discountedButUsed++;
    // GLPI devices only check in: used during the outage or while offline for days, nothing of it reaches Vigie.
    else if ((!v || v.signal === 'none') && t.active) n.usedWithoutSignal++;
  }
  return `presence device by device: inferred active and really used ${n.inferredRight}, inferred active but unused ${n.inferredWrong}, ` +
    `used but not inferred ${n.missedOnPresence}, used but discounted as night charging ${n.discountedButUsed}, used with no signal at all ${n.usedWithoutSignal}`;
}

describe('simulated weeks rolled up by the real pipeline', () => {
  it('the weeks cover holidays, a DST change, La Réunion, late and duplicate data, an outage and never-used devices', () => {
    expect(new Set(plan.establishments.map((e) => e.timeZone))).toEqual(new Set(['Europe/Paris', 'Indian/Reunion']));
    expect(truthDays.some((d) => d.date === '2026-11-11' && !d.school_day)).toBe(true);
    expect(truthDays.some((d) => d.date === '2026-03-30' && d.school_day)).toBe(true);
    expect(rows.some((r) => r.network_outage)).toBe(true);
    expect(lateEvents).toBeGreaterThan(0);
    expect(duplicateBatches).toBeGreaterThan(0);
    expect(rows.some((r) => r.never_used && r.expected_in_service)).toBe(true);
  });

  it('in-service devices, use-based active devices and the rate per school day equal the truth exactly; no rate on other days', async () => {
    const mismatches: string[] = [];
    const missing: string[] = [];
    let compared = 0;
    for (const e of plan.establishments) {
      const stored = await storedDays(e.uai);
      const rest = new Map([...await activity(e.uai, '2026-03-25', '2026-03-31'), ...await activity(e.uai, '2026-11-09', '2026-11-15')]);
      for (const t of truthDays.filter((d) => d.uai === e.uai)) {
        const day = of(e.uai, t.date);
        const s = stored.get(t.date);
        const p = rest.get(t.date);
        // A past day without any data is never marked, so it has no row (the hourly task closes yesterday only).
        if (!s && !t.school_day && !day.some((r) => r.online)) {
          missing.push(`${e.uai} ${t.date}`);
          continue;
        }
        // Vigie's in service is what the MDMs list (a broken or lost device still is), with the unmerged
        // BIOS-placeholder GLPI records: the truth's expected_in_service, not its in_service.
        const inService = t.expected_in_service;
        const activeUse = t.expected_active_use;
        // Vigie flags an outage when >= 80 % of its reporting devices are silent all day; the simulated
        // outage silences them from 09:00 to 14:00 only, and its sessions arrive at 14:00: not an outage day.
        const expected = { school_day: t.school_day, in_service: inService, active_use: activeUse, outage: false };
        const got = s && { school_day: s.school_day, in_service: s.in_service, active_use: s.active_measured + s.active_usage, outage: s.outage };
        if (JSON.stringify(got) !== JSON.stringify(expected)) mismatches.push(`${e.uai} ${t.date} store: expected ${JSON.stringify(expected)}, Vigie ${JSON.stringify(got)}`);
        const rate = t.school_day ? activeUse / inService : null;
        const gotRate = p && { rate_use: p.activity_rate_use, in_service: p.in_service_device_days, rate_null: p.activity_rate === null };
        const expectedRate = { rate_use: rate, in_service: t.school_day ? inService : 0, rate_null: !t.school_day };
        if (JSON.stringify(gotRate) !== JSON.stringify(expectedRate)) mismatches.push(`${e.uai} ${t.date} REST: expected ${JSON.stringify(expectedRate)}, Vigie ${JSON.stringify(gotRate)}`);
        compared++;
      }
    }
    expect(compared + missing.length).toBe(dates.length * plan.establishments.length);
    expect(compared).toBeGreaterThan(20);
    expect(mismatches).toEqual([]);
    process.stdout.write(`establishment-days compared: ${compared}; without data, hence without a row: ${missing.join(', ')}\n`);
  });

  it('reports how in service differs from really in service, and the residual of presence-inferred activity (printed)', async () => {
    const lines: string[] = [];
    const totals = { truthActive: 0, truthPresenceOnly: 0, vigieUse: 0, vigiePresence: 0 };
    for (const e of plan.establishments) {
      const stored = await storedDays(e.uai);
      for (const t of truthDays.filter((d) => d.uai === e.uai && d.school_day)) {
        const day = of(e.uai, t.date);
        const s = stored.get(t.date)!;
        const presenceActiveTruth = day.filter((r) => r.in_service && r.active && r.expected_signal === 'presence').length;
        totals.truthActive += t.active;
        totals.truthPresenceOnly += presenceActiveTruth;
        totals.vigieUse += s.active_measured + s.active_usage;
        totals.vigiePresence += s.active_presence;
        lines.push(`${e.uai} ${t.date}${day.some((r) => r.network_outage) ? ' (network outage 09-14)' : ''}: in service Vigie ${s.in_service} / really ${t.in_service}; ` +
          `active Vigie ${s.active} (use ${s.active_measured + s.active_usage}, presence-inferred ${s.active_presence}) / truth ${t.active} ` +
          `(of which seen only as presence ${presenceActiveTruth}); rate Vigie ${(s.active / s.in_service).toFixed(3)} / truth ${t.activity_rate}`);
      }
    }
    lines.push(`total: truly active device-days ${totals.truthActive}, of which Vigie sees as use ${totals.vigieUse} (exact) and only as presence ${totals.truthPresenceOnly}; ` +
      `Vigie infers ${totals.vigiePresence} from presence (residual ${totals.vigiePresence - totals.truthPresenceOnly}, ${totals.truthActive - totals.vigieUse - totals.vigiePresence} device-days missed overall)`);
    lines.push(await presenceConfusion());
    process.stdout.write(`simulated rollups residual (school days):\n  ${lines.join('\n  ')}\n`);
    expect(lines.length).toBeGreaterThan(0);
  });

  it('idle devices: every never-used device in service is listed idle, and no idle device was active on a measured or usage signal', async () => {
    const idle = (await get<{ items: { serial: string; establishment_uai: string }[] }>('/v1/devices?idle=true&idle_school_days=3&limit=500')).items;
    const idleSerials = new Set(idle.map((d) => d.serial));
    const neverUsed = new Set(rows.filter((r) => r.never_used && r.expected_in_service).map((r) => r.serial));
    expect([...neverUsed].filter((s) => !idleSerials.has(s))).toEqual([]);
    // The window: each establishment's last 3 school days (10, 12, 13 November; no whole-day outage).
    const windowOf = (uai: string) => truthDays.filter((d) => d.uai === uai && d.school_day).map((d) => d.date).slice(-3);
    const windows = new Map(plan.establishments.map((e) => [e.uai, windowOf(e.uai)]));
    const window = (r: Row) => windows.get(r.uai)!.includes(r.date);
    const usedInWindow = new Set(rows.filter((r) => window(r) && r.expected_active_seconds >= 300).map((r) => r.serial));
    expect(idle.filter((d) => usedInWindow.has(d.serial)).map((d) => d.serial)).toEqual([]);
    const other = idle.filter((d) => !neverUsed.has(d.serial));
    process.stdout.write(`idle (3 school days): ${idle.length} devices, ${neverUsed.size} never used, ${other.length} others ` +
      `(${other.filter((d) => d.serial === 'To be filled by O.E.M.').length} BIOS-placeholder GLPI records, the rest unused or broken that week)\n`);
  });
});
