import { SizeBands, type ComparisonMetric } from '@vigie/contracts';
import type { establishmentPeriods } from '@vigie/store';

// Peer comparison rules (docs/indicators.md, "Comparaisons"). They shape figures the worker already
// computed, so they live with the API rather than in @vigie/rollup, which the API never imports.

/** The figures of one establishment and period that a metric is computed from. */
export type PeriodFigures = Pick<establishmentPeriods.TenantPeriodRow,
  'school_days' | 'in_service_device_days' | 'active_device_days' | 'active_measured' | 'active_usage' | 'in_service_devices' | 'reached_devices'>;

/** Devices a period's figures rest on: distinct devices when counted, else the mean per school day. */
export function devicesOf(f: PeriodFigures): number {
  if (f.in_service_devices !== null) return f.in_service_devices;
  return f.school_days ? Math.round(f.in_service_device_days / f.school_days) : 0;
}

/** The metric's value, or null when it cannot be computed (no school day, unknown pupils). */
export function metricValue(metric: ComparisonMetric, f: PeriodFigures, pupils: number | null): number | null {
  const ratio = (a: number, b: number | null) => (b ? a / b : null);
  switch (metric) {
    case 'activity_rate':
      return ratio(f.active_device_days, f.in_service_device_days);
    case 'activity_rate_use':
      return ratio(f.active_measured + f.active_usage, f.in_service_device_days);
    case 'reach':
      return f.reached_devices === null ? null : ratio(f.reached_devices, f.in_service_devices);
    case 'devices_per_pupil':
      return f.school_days && pupils ? f.in_service_device_days / f.school_days / pupils : null;
    case 'active_devices_per_pupil':
      return f.school_days && pupils ? f.active_device_days / f.school_days / pupils : null;
  }
}

export function sizeBand(pupils: number | null): string {
  if (pupils === null) return 'unknown_size';
  return SizeBands.find((b) => pupils <= b.max)!.name;
}

/** The peer group of an establishment: its type, plus its size band or education-priority status. */
export function peerGroup(e: { type: string; pupils: number | null; education_priority: string | null }, peers: string): string {
  if (peers === 'type_size') return `${e.type}/${sizeBand(e.pupils)}`;
  if (peers === 'type_priority') return `${e.type}/${e.education_priority ?? 'hors_ep'}`;
  return e.type;
}

export interface Ranked {
  rank: number | null;
  percentile: number | null;
  peers: number;
}

/**
 * Rank (1 = highest, ties share a rank) and percentile (share of the group strictly below, 0-100)
 * of each value within its group; null values are neither ranked nor counted as peers.
 */
export function rankWithinGroups<T extends { group: string; value: number | null }>(items: T[]): (T & Ranked)[] {
  const shown = new Map<string, number[]>();
  for (const i of items) if (i.value !== null) shown.set(i.group, [...(shown.get(i.group) ?? []), i.value]);
  return items.map((i) => {
    const values = shown.get(i.group) ?? [];
    if (i.value === null) return { ...i, rank: null, percentile: null, peers: values.length };
    const above = values.filter((v) => v > i.value!).length;
    const below = values.filter((v) => v < i.value!).length;
    return { ...i, rank: above + 1, percentile: values.length > 1 ? (100 * below) / (values.length - 1) : null, peers: values.length };
  });
}
