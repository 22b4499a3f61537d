import { sql } from 'kysely';
import { IndicatorNames, rates, reach, type DeviceDayCounts } from '@vigie/indicators';
import type { Db } from '@vigie/store';

// Every figure of the bi views against @vigie/indicators on the same rows (docs/bi.md): v2 to the
// bit (double precision, same order of operations), v1 to 12 decimals (numeric) and its percentile
// as rounded.

type Row = Record<string, unknown>;
const viewRows = async (db: Db, view: string, tenantId: string) =>
  (await sql<Row>`SELECT * FROM ${sql.table(`bi.${view}`)} WHERE tenant_id = ${tenantId}`.execute(db)).rows;

const n = (x: unknown) => (x === null || x === undefined ? null : Number(x));
const counts = (r: Row, k: Record<keyof DeviceDayCounts, string>): DeviceDayCounts =>
  Object.fromEntries(Object.entries(k).map(([key, col]) => [key, Number(r[col] ?? 0)])) as unknown as DeviceDayCounts;
const DAY_COLUMNS = {
  in_service: 'in_service',
  active: 'active',
  active_measured: 'active_measured',
  active_usage: 'active_usage',
  active_presence: 'active_presence',
  presence_active: 'presence_active',
  judged_on_use: 'judged_on_use',
};
const PERIOD_COLUMNS = {
  ...DAY_COLUMNS,
  in_service: 'in_service_device_days',
  active: 'active_device_days',
  presence_active: 'presence_active_device_days',
  judged_on_use: 'judged_on_use_device_days',
};

/** Differences between the views' figures and the module's, as lines; `compared` counts the figures checked. */
export async function biDifferences(db: Db, tenantId: string, comparisons: (metric: string, month: string) => Promise<Map<string, Row>>) {
  const out: string[] = [];
  let compared = 0;
  const check = (where: string, name: string, view: unknown, module: number | null, exact: boolean) => {
    compared++;
    const v = n(view);
    const equal = exact ? v === module : (v === null) === (module === null) && (v === null || Math.abs(v - module!) < 1e-12);
    if (!equal)
      out.push(
        `${where} ${name} (${name in IndicatorNames ? IndicatorNames[name as keyof typeof IndicatorNames].fr : name}): view ${String(view)}, module ${module}`,
      );
  };
  for (const version of ['v1', 'v2'] as const) {
    const exact = version === 'v2';
    for (const r of await viewRows(db, `establishment_daily_${version}`, tenantId)) {
      const m = rates(counts(r, DAY_COLUMNS));
      const where = `establishment_daily_${version} ${r.uai} ${String(r.day)} ${r.dimension}/${r.value}`;
      const figures =
        version === 'v1' ? (['activity_rate'] as const) : (['activity_rate', 'activity_rate_use', 'presence_rate', 'coverage'] as const);
      for (const k of figures) check(where, k, r[k], r.school_day ? m[k] : null, exact);
      if (exact) check(where, 'presence_device_days', r.presence_device_days, m.presence_device_days, true);
    }
    for (const r of await viewRows(db, `establishment_monthly_${version}`, tenantId)) {
      const m = rates(counts(r, PERIOD_COLUMNS));
      const where = `establishment_monthly_${version} ${r.uai} ${String(r.month)} ${r.dimension}/${r.value}`;
      const figures =
        version === 'v1' ? (['activity_rate'] as const) : (['activity_rate', 'activity_rate_use', 'presence_rate', 'coverage'] as const);
      for (const k of figures) check(where, k, r[k], m[k], exact);
      check(where, 'reach', r.reach, reach(n(r.reached_devices), n(r.in_service_devices)), exact);
    }
    for (const r of await viewRows(db, `tenant_daily_${version}`, tenantId)) {
      const m = rates(counts(r, DAY_COLUMNS));
      const where = `tenant_daily_${version} ${String(r.day)} ${r.dimension}/${r.value}`;
      const figures =
        version === 'v1' ? (['activity_rate'] as const) : (['activity_rate', 'activity_rate_use', 'presence_rate', 'coverage'] as const);
      for (const k of figures) check(where, k, r[k], m[k], exact);
    }
    // Comparisons: the REST answer is the module's ranking of the module's metric values.
    const views = await viewRows(db, `comparisons_${version}`, tenantId);
    for (const month of new Set(views.map((r) => String(r.month).slice(0, 10)))) {
      const metrics = version === 'v1' ? ['activity_rate'] : ['activity_rate', 'presence_rate', 'coverage'];
      for (const metric of metrics) {
        const api = await comparisons(metric, month);
        for (const r of views.filter((x) => String(x.month).slice(0, 10) === month)) {
          const a = api.get(r.uai as string)!;
          const where = `comparisons_${version} ${r.uai} ${month}`;
          check(where, metric, r[metric], n(a.value), exact);
          if (metric !== 'activity_rate') continue;
          check(where, 'suppressed', Number(r.suppressed), Number(a.suppressed), true);
          check(where, 'rank', r.rank, n(a.rank), true);
          // v1 (deprecated, docs/bi.md) says 0 for an establishment alone in its group, where the module says null.
          const v1Percentile = a.percentile === null ? (a.rank === null ? null : 0) : Math.round(10 * Number(a.percentile)) / 10;
          check(where, 'percentile', r.percentile, exact ? n(a.percentile) : v1Percentile, exact);
          if (exact) {
            check(where, 'delta', r.delta, n(a.delta), true);
            check(where, 'peers', r.peers, n(a.peers), true);
          }
        }
      }
    }
  }
  return { differences: out, compared };
}
