import type { establishmentDays } from '@vigie/store';
import type { Firing } from './firing.ts';

export interface RateParams {
  threshold: number;
  school_days: number;
}

/** An establishment-day as the rollup wrote it (establishment_days, dimension 'all'). */
export type RolledUpDay = Omit<establishmentDays.DayTotals, 'establishment_id' | 'day'>;

// Below this many device-days a rate says more about chance than about use (as the rollup's
// small-group suppression).
const MIN_DEVICE_DAYS = 5;

/**
 * An establishment whose activity rate over its last school days is below the threshold. The rate
 * is the rollup's (docs/indicators.md): active device-days / in-service device-days of its
 * establishment-days, so it is the figure GET /v1/establishments/{uai}/activity gives for those days.
 */
export function lowActivityRate(establishmentId: string, days: readonly string[], rolledUp: ReadonlyMap<string, RolledUpDay>, p: RateParams): Firing[] {
  if (days.length < p.school_days) return [];
  let possible = 0;
  let active = 0;
  for (const day of days) {
    const row = rolledUp.get(day);
    if (!row?.school_day) continue;
    possible += row.in_service;
    active += row.active;
  }
  if (possible < MIN_DEVICE_DAYS || active / possible >= p.threshold) return [];
  const rate = Number((active / possible).toFixed(3));
  return [{
    subjectType: 'establishment', subjectId: establishmentId, establishmentId,
    title: `activity rate ${Math.round(rate * 100)} % over the last ${p.school_days} school days (threshold ${Math.round(p.threshold * 100)} %)`,
    details: { rate, active_device_days: active, device_days: possible, school_days: p.school_days, since: days[days.length - 1], until: days[0] },
  }];
}
