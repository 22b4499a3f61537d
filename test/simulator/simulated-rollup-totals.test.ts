import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { cartDays, establishmentDays, type EstablishmentDayTruth, type ProvisionedTenant } from '@vigie/simulator';
import type { TestEnv } from '../setup/test-env.ts';
import { recomputeDays } from '../setup/rollups.ts';
import { dates, plan, rollUpSimulatedWeeks, type Row } from './simulated-weeks.ts';
import { biDifferences } from './bi-indicators.ts';

// The same two simulated weeks as simulated-rollups.test.ts; here what the rollup builds on the
// establishment-days (cart days, weeks, months and school years, the tenant's days) against sums of
// the simulator's truth, computed here from its definitions (docs/indicators.md), never from Vigie.
// The truth covers the weeks and the days only an inventory record was observed on (rolled up too).

let env: TestEnv;
let tenant: ProvisionedTenant;
let rows: Row[] = [];
let truthDays: EstablishmentDayTruth[] = [];

beforeAll(async () => {
  const weeks = await rollUpSimulatedWeeks('simulated rollup totals');
  ({ env, tenant } = weeks);
  rows = [...weeks.rows, ...weeks.inventoryRows];
  truthDays = [...establishmentDays(rows)];
}, 180_000);
afterAll(async () => env?.close());

/** Lines of `expected` that Vigie does not hold exactly, and Vigie's keys the truth has no row for. */
function differences<T>(expected: Map<string, T>, vigie: Map<string, T>): string[] {
  const out: string[] = [];
  for (const [key, e] of expected) {
    if (JSON.stringify(vigie.get(key)) !== JSON.stringify(e))
      out.push(`${key}: expected ${JSON.stringify(e)}, Vigie ${JSON.stringify(vigie.get(key))}`);
  }
  for (const key of vigie.keys()) if (!expected.has(key)) out.push(`${key}: not in the truth, Vigie ${JSON.stringify(vigie.get(key))}`);
  return out;
}

// Periods as docs/indicators.md defines them: ISO week from Monday, calendar month, school year from 1 September.
const DAY_MS = 86_400_000;
const weekOf = (date: string) => new Date(Date.parse(date) - ((new Date(date).getUTCDay() + 6) % 7) * DAY_MS).toISOString().slice(0, 10);
const monthOf = (date: string) => `${date.slice(0, 7)}-01`;
const schoolYearOf = (date: string) => `${Number(date.slice(5, 7)) >= 9 ? date.slice(0, 4) : Number(date.slice(0, 4)) - 1}-09-01`;
const PERIODS = { week: weekOf, month: monthOf, school_year: schoolYearOf } as const;

describe('simulated weeks: what the rollup builds on the establishment-days equals the sums of the truth', () => {
  it('cart days: in-service and active devices, and the half-days each cart was used in (3 devices starting a session)', async () => {
    const r = await sql<{
      key: string;
      school_day: boolean;
      devices: number;
      active_devices: number;
      used_morning: boolean;
      used_afternoon: boolean;
    }>`
      SELECT e.uai || '/' || c.name || '/' || d.day::text AS key, d.school_day, d.devices, d.active_devices, d.used_morning, d.used_afternoon
      FROM cart_days d JOIN carts c ON c.tenant_id = d.tenant_id AND c.id = d.cart_id
      JOIN establishments e ON e.tenant_id = d.tenant_id AND e.id = d.establishment_id
      WHERE d.tenant_id = ${tenant.tenantId}`.execute(env.db);
    const vigie = new Map(r.rows.map(({ key, ...day }) => [key, day]));
    const truth = cartDays(rows);
    const expected = new Map(
      truth.map((t) => [
        `${t.uai}/${t.cart}/${t.date}`,
        {
          school_day: t.school_day,
          devices: t.devices,
          active_devices: t.active_devices,
          used_morning: t.used_morning,
          used_afternoon: t.used_afternoon,
        },
      ]),
    );
    // The weeks have carts used and unused on school days, in one half-day and not the other, and carts on the outage day.
    expect(truth.some((t) => t.used_morning && !t.used_afternoon)).toBe(true);
    expect(truth.some((t) => t.school_day && !t.used_morning && !t.used_afternoon)).toBe(true);
    expect(truth.some((t) => t.date === '2026-11-10' && t.uai === plan.establishments[1]!.uai)).toBe(true);
    expect(truth.filter((t) => dates.includes(t.date))).toHaveLength(new Set(truth.map((t) => `${t.uai}/${t.cart}`)).size * dates.length);
    expect(differences(expected, vigie)).toEqual([]);
  });

  it('weeks, months and school years: school days, in-service and active device-days by signal, and for weeks and months devices in service and reached', async () => {
    const r = await sql<{
      key: string;
      school_days: number;
      in_service_device_days: number;
      active_device_days: number;
      active_use: number;
      active_presence: number;
      presence_active: number;
      judged_on_use: number;
      in_service_devices: number | null;
      reached_devices: number | null;
    }>`
      SELECT e.uai || '/' || p.granularity || '/' || p.period_start::text AS key, p.school_days, p.in_service_device_days, p.active_device_days,
             p.active_measured + p.active_usage AS active_use, p.active_presence, p.presence_active_device_days AS presence_active,
             p.judged_on_use_device_days AS judged_on_use, p.in_service_devices, p.reached_devices
      FROM establishment_periods p JOIN establishments e ON e.tenant_id = p.tenant_id AND e.id = p.establishment_id
      WHERE p.tenant_id = ${tenant.tenantId} AND p.dimension = 'all'`.execute(env.db);
    const vigie = new Map(r.rows.map(({ key, ...period }) => [key, period]));
    const expected = new Map<string, Omit<(typeof r.rows)[number], 'key'>>();
    for (const e of plan.establishments) {
      for (const [granularity, startOf] of Object.entries(PERIODS)) {
        for (const start of new Set(truthDays.map((d) => startOf(d.date)))) {
          const days = truthDays.filter((d) => d.uai === e.uai && d.school_day && startOf(d.date) === start);
          // A period of days without classes only (the Sunday of a week cut by the simulated range) has no row.
          if (days.length === 0) continue;
          const deviceDays = rows.filter((x) => x.uai === e.uai && x.school_day && x.expected_in_service && startOf(x.date) === start);
          // Distinct devices: an unmerged placeholder record is one more device, in service and never active.
          const inService = new Map(deviceDays.map((x) => [x.serial, 1 + x.extra_records]));
          const reached = new Set(deviceDays.filter((x) => x.expected_active).map((x) => x.serial));
          const sum = (f: (d: EstablishmentDayTruth) => number) => days.reduce((n, d) => n + f(d), 0);
          const withReach = granularity !== 'school_year';
          expected.set(`${e.uai}/${granularity}/${start}`, {
            school_days: days.length,
            in_service_device_days: sum((d) => d.expected_in_service),
            active_device_days: sum((d) => d.expected_active),
            active_use: sum((d) => d.expected_active_use),
            active_presence: sum((d) => d.expected_active - d.expected_active_use),
            presence_active: sum((d) => d.expected_presence_active),
            judged_on_use: sum((d) => d.expected_judged_on_use),
            in_service_devices: withReach ? [...inService.values()].reduce((a, b) => a + b, 0) : null,
            reached_devices: withReach ? reached.size : null,
          });
        }
      }
    }
    // Two weeks cut across ISO weeks (25-29 and 30-31 March) and a whole one; March and November; two school years.
    expect(new Set(dates.map(weekOf))).toEqual(new Set(['2026-03-23', '2026-03-30', '2026-11-09']));
    for (const week of ['2026-03-23', '2026-03-30', '2026-11-09'])
      expect(expected.has(`${plan.establishments[0]!.uai}/week/${week}`)).toBe(true);
    expect(differences(expected, vigie)).toEqual([]);
  });

  it("the tenant's days: its establishments' school days summed, in total and by kind, with the outage counted", async () => {
    const r = await sql<{
      key: string;
      establishments: number;
      in_service: number;
      active: number;
      active_use: number;
      active_presence: number;
      presence_active: number;
      judged_on_use: number;
      outages: number;
    }>`
      SELECT day::text || '/' || dimension || '/' || value AS key, establishments, in_service, active, active_measured + active_usage AS active_use,
             active_presence, presence_active, judged_on_use, outages
      FROM tenant_days WHERE tenant_id = ${tenant.tenantId} AND dimension IN ('all', 'kind')`.execute(env.db);
    const vigie = new Map(r.rows.map(({ key, ...day }) => [key, day]));
    type Day = Omit<(typeof r.rows)[number], 'key'>;
    const expected = new Map<string, Day>();
    const add = (key: string, d: Omit<Day, 'establishments' | 'outages'>, establishment: { outage: boolean } | null) => {
      const e = expected.get(key) ?? {
        establishments: 0,
        in_service: 0,
        active: 0,
        active_use: 0,
        active_presence: 0,
        presence_active: 0,
        judged_on_use: 0,
        outages: 0,
      };
      expected.set(key, {
        establishments: e.establishments + (establishment ? 1 : 0),
        in_service: e.in_service + d.in_service,
        active: e.active + d.active,
        active_use: e.active_use + d.active_use,
        active_presence: e.active_presence + d.active_presence,
        presence_active: e.presence_active + d.presence_active,
        judged_on_use: e.judged_on_use + d.judged_on_use,
        outages: e.outages + (establishment?.outage ? 1 : 0),
      });
    };
    // Only establishments for which the date is a school day count in a tenant's day.
    for (const d of truthDays.filter((x) => x.school_day)) {
      add(
        `${d.date}/all/all`,
        {
          in_service: d.expected_in_service,
          active: d.expected_active,
          active_use: d.expected_active_use,
          active_presence: d.expected_active - d.expected_active_use,
          presence_active: d.expected_presence_active,
          judged_on_use: d.expected_judged_on_use,
        },
        d,
      );
      const kinds = new Map<string, Omit<Day, 'establishments' | 'outages'>>();
      for (const x of rows.filter((y) => y.uai === d.uai && y.date === d.date && y.expected_in_service)) {
        const k = kinds.get(x.kind) ?? {
          in_service: 0,
          active: 0,
          active_use: 0,
          active_presence: 0,
          presence_active: 0,
          judged_on_use: 0,
        };
        const onUse = x.expected_signal === 'measured' || x.expected_signal === 'usage';
        kinds.set(x.kind, {
          in_service: k.in_service + 1 + x.extra_records,
          active: k.active + (x.expected_active ? 1 : 0),
          active_use: k.active_use + (x.expected_active && onUse ? 1 : 0),
          active_presence: k.active_presence + (x.expected_active && !onUse ? 1 : 0),
          presence_active: k.presence_active + (x.expected_presence_active ? 1 : 0),
          judged_on_use: k.judged_on_use + (x.expected_judged_on_use ? 1 : 0) + (x.extra_judged_on_use ? x.extra_records : 0),
        });
      }
      for (const [kind, k] of kinds) add(`${d.date}/kind/${kind}`, k, d);
    }
    expect([...expected.values()].some((d) => d.outages === 1)).toBe(true);
    expect(differences(expected, vigie)).toEqual([]);
  });

  it('every figure of every bi view (v1 and v2) equals the one of @vigie/indicators on the same rows', async () => {
    const comparisons = async (metric: string, month: string) => {
      const res = await env.app.inject({
        url: `/v1/comparisons?metric=${metric}&granularity=month&start=${month}`,
        headers: { authorization: `Bearer ${tenant.operator.token}` },
      });
      expect(res.statusCode, res.body).toBe(200);
      return new Map((res.json() as { items: Record<string, unknown>[] }).items.map((i) => [i.uai as string, i]));
    };
    const { differences, compared } = await biDifferences(env.db, tenant.tenantId, comparisons);
    expect(compared).toBeGreaterThan(500);
    expect(differences).toEqual([]);
  });
});

describe('simulated weeks: recomputing without raw check-ins and app sessions', () => {
  it('gives every rollup exactly as computed with them, and the same app usage by category', async () => {
    const tables = ['device_activity', 'device_idle_streaks', 'establishment_days', 'cart_days', 'establishment_periods', 'tenant_days'];
    const snapshot = async () => {
      const out: Record<string, string[]> = {};
      for (const table of tables) {
        const r = await sql<{ row: string }>`SELECT (to_jsonb(t) - 'computed_at')::text AS row FROM ${sql.table(table)} t
          WHERE tenant_id = ${tenant.tenantId} ORDER BY 1`.execute(env.db);
        out[table] = r.rows.map((x) => x.row);
      }
      return out;
    };
    const recomputeAll = async () => {
      const days = await sql<{ establishment_id: string; day: string }>`SELECT DISTINCT establishment_id, day::text AS day
        FROM establishment_days WHERE tenant_id = ${tenant.tenantId} ORDER BY 2, 1`.execute(env.db);
      await recomputeDays(
        env,
        tenant.tenantId,
        days.rows.map((d) => ({ establishmentId: d.establishment_id, day: d.day })),
      );
    };
    // App usage by category as it was read from raw sessions (local days of the establishment).
    const [from, to] = [dates[0]!, dates.at(-1)!];
    const fromSessions = async (uai: string) =>
      (
        await sql<{ category: string; seconds: number; sessions: number; devices: number }>`
        SELECT COALESCE(c.category, u.category, 'other') AS category, sum(u.duration_s)::int AS seconds, count(*)::int AS sessions,
               count(DISTINCT u.device_id)::int AS devices
        FROM app_usage u JOIN devices d ON d.tenant_id = u.tenant_id AND d.id = u.device_id
        JOIN establishments e ON e.tenant_id = d.tenant_id AND e.id = d.establishment_id
        LEFT JOIN app_catalog c ON c.tenant_id = u.tenant_id AND c.app_id = u.app_id
        WHERE u.tenant_id = ${tenant.tenantId} AND e.uai = ${uai}
          AND (u.started_at AT TIME ZONE e.time_zone)::date BETWEEN ${from}::date AND ${to}::date
        GROUP BY 1 ORDER BY 1`.execute(env.db)
      ).rows;
    const served = async (uai: string) => {
      const res = await env.app.inject({
        url: `/v1/establishments/${uai}/app-usage?from=${from}&to=${to}`,
        headers: { authorization: `Bearer ${tenant.operator.token}` },
      });
      expect(res.statusCode, res.body).toBe(200);
      return (res.json().categories as { category: string; seconds: number; sessions: number; devices: number }[])
        .map(({ category, seconds, sessions, devices }) => ({ category, seconds, sessions, devices }))
        .sort((a, b) => a.category.localeCompare(b.category));
    };
    const uais = plan.establishments.map((e) => e.uai);
    const expectedUsage = await Promise.all(uais.map(fromSessions));
    expect(expectedUsage.flat().length).toBeGreaterThan(2);

    await recomputeAll();
    const fromRaw = await snapshot();
    // What retention leaves past CHECK_IN_RETENTION_DAYS and APP_SESSION_RETENTION_DAYS: no raw row at all.
    await sql`DELETE FROM heartbeats WHERE tenant_id = ${tenant.tenantId}`.execute(env.db);
    const sessions = await sql`DELETE FROM app_usage WHERE tenant_id = ${tenant.tenantId}`.execute(env.db);
    expect(Number(sessions.numAffectedRows)).toBeGreaterThan(100);
    await recomputeAll();
    const fromSummaries = await snapshot();
    for (const table of tables) {
      expect(fromRaw[table]!.length, table).toBeGreaterThan(0);
      expect(fromSummaries[table], table).toEqual(fromRaw[table]);
    }
    expect(fromRaw.cart_days!.some((r) => r.includes('"used_morning": true'))).toBe(true);
    expect(await Promise.all(uais.map(served))).toEqual(expectedUsage);
  }, 180_000);
});
