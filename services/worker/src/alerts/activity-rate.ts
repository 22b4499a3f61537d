import type { DeviceFacts, Firing } from './firing.ts';
import { inService } from './firing.ts';

export interface RateParams {
  threshold: number;
  school_days: number;
}

// Below this many device-days a rate says more about chance than about use (as the rollup's
// small-group suppression).
const MIN_DEVICE_DAYS = 5;

/**
 * An establishment whose activity rate (active device-days / in-service device-days, over its last
 * school days) is below the threshold. A device counts from the day it was first seen.
 */
export function lowActivityRate(establishmentId: string, devices: readonly DeviceFacts[], days: readonly string[], activeDays: ReadonlyMap<string, ReadonlySet<string>>, p: RateParams): Firing[] {
  if (days.length < p.school_days) return [];
  let possible = 0;
  let active = 0;
  for (const d of devices) {
    if (d.establishment_id !== establishmentId || !inService(d)) continue;
    const firstDay = d.first_seen.toISOString().slice(0, 10);
    for (const day of days) {
      if (day < firstDay) continue;
      possible += 1;
      if (activeDays.get(d.id)?.has(day)) active += 1;
    }
  }
  if (possible < MIN_DEVICE_DAYS || active / possible >= p.threshold) return [];
  const rate = Number((active / possible).toFixed(3));
  return [{
    subjectType: 'establishment', subjectId: establishmentId, establishmentId,
    title: `activity rate ${Math.round(rate * 100)} % over the last ${p.school_days} school days (threshold ${Math.round(p.threshold * 100)} %)`,
    details: { rate, active_device_days: active, device_days: possible, school_days: p.school_days, since: days[days.length - 1] },
  }];
}
