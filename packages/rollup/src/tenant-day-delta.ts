import type { DayContribution } from '@vigie/contracts';

export type { DayContribution };

const KEYS = ['in_service', 'active', 'active_measured', 'active_usage', 'active_presence', 'presence_active', 'judged_on_use'] as const;

/**
 * How much a tenant's day moves when one establishment's rows go from `old` to `written`: only
 * school-day rows count in a tenant's day (docs/indicators.md), so a day that stops being a school
 * day (a calendar fix) removes its old contribution.
 */
export function tenantDayDelta(old: DayContribution[], written: DayContribution[]) {
  const deltas = new Map<
    string,
    { dimension: string; value: string; establishments: number; outages: number } & Record<(typeof KEYS)[number], number>
  >();
  const add = (row: DayContribution, sign: 1 | -1) => {
    if (!row.school_day) return;
    const key = `${row.dimension}/${row.value}`;
    const d = deltas.get(key) ?? {
      dimension: row.dimension,
      value: row.value,
      establishments: 0,
      outages: 0,
      in_service: 0,
      active: 0,
      active_measured: 0,
      active_usage: 0,
      active_presence: 0,
      presence_active: 0,
      judged_on_use: 0,
    };
    d.establishments += sign;
    d.outages += sign * (row.outage ? 1 : 0);
    for (const k of KEYS) d[k] += sign * row[k];
    deltas.set(key, d);
  };
  for (const row of old) add(row, -1);
  for (const row of written) add(row, 1);
  return [...deltas.values()];
}
