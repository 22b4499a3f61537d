import {
  delta,
  devicesOf,
  isSuppressed,
  metricValue,
  periodCounts,
  rankWithinGroups,
  rates,
  type ComparisonMetricKey,
} from '@vigie/indicators';
import type { establishmentPeriods } from '@vigie/store';
import { peerGroup } from './peer-ranking.ts';

/** One establishment's figures for one period, as the store lists them. */
export type EstablishmentPeriod = establishmentPeriods.TenantPeriodRow;

export interface ComparisonSettings {
  metric: ComparisonMetricKey;
  peers: string;
  start: string;
  previous: string;
  minDevices: number;
  /** Period starts before `start`, oldest first, whose values each item carries as its history. */
  history?: string[];
}

/** A period's value, withheld when too few devices stand behind it. */
function valueOf(metric: ComparisonMetricKey, row: EstablishmentPeriod | undefined, minDevices: number) {
  if (!row) return { devices: 0, value: null, suppressed: false };
  const devices = devicesOf(row);
  if (isSuppressed(devices, minDevices)) return { devices, value: null, suppressed: true };
  return { devices, value: metricValue(metric, row, row.pupils), suppressed: false };
}

/** Beside any metric, as beside every rate: the presence-based upper bound and how much rests on presence. */
function besideOf(row: EstablishmentPeriod, suppressed: boolean) {
  if (suppressed) return { presence_rate: null, coverage: null, presence_device_days: null };
  const r = rates(periodCounts(row));
  return { presence_rate: r.presence_rate, coverage: r.coverage, presence_device_days: r.presence_device_days };
}

/**
 * Each establishment of the period `start`: its value (null when its group is too small), the
 * presence-based rate and the coverage of the period beside it, the previous period's value, the delta between them, and its rank and percentile within its peer group.
 * Rows of other periods are ignored.
 */
export function compareEstablishments(rows: EstablishmentPeriod[], s: ComparisonSettings) {
  const byPeriod = new Map<string, Map<string, EstablishmentPeriod>>();
  for (const r of rows) {
    if (!byPeriod.has(r.period_start)) byPeriod.set(r.period_start, new Map());
    byPeriod.get(r.period_start)!.set(r.establishment_id, r);
  }
  const before = byPeriod.get(s.previous) ?? new Map<string, EstablishmentPeriod>();
  return rankWithinGroups(
    rows
      .filter((r) => r.period_start === s.start)
      .map((r) => {
        const now = valueOf(s.metric, r, s.minDevices);
        const previous = valueOf(s.metric, before.get(r.establishment_id), s.minDevices).value;
        return {
          establishmentId: r.establishment_id,
          uai: r.uai,
          name: r.name,
          type: r.type,
          group: peerGroup(r, s.peers),
          ...now,
          ...besideOf(r, now.suppressed),
          previous_value: previous,
          delta: delta(now.value, previous),
          ...(s.history
            ? { history: s.history.map((p) => valueOf(s.metric, byPeriod.get(p)?.get(r.establishment_id), s.minDevices).value) }
            : {}),
        };
      }),
  );
}
