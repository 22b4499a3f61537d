import { devicesOf, isSuppressed, rates } from '@vigie/indicators';
import type { establishmentDays } from '@vigie/store';
import type { Firing } from './firing.ts';

export interface RateParams {
  threshold: number;
  school_days: number;
}

/** An establishment-day as the rollup wrote it (establishment_days, dimension 'all'). */
export type RolledUpDay = Omit<establishmentDays.DayTotals, 'establishment_id' | 'day'>;

const round = (x: number | null) => (x === null ? null : Number(x.toFixed(3)));

/**
 * An establishment whose activity rate over its last school days is below the threshold. The rate
 * is @vigie/indicators' on the rollup's establishment-days (docs/indicators.md): judged on use
 * whenever use signals are available, so it is the figure GET /v1/establishments/{uai}/activity
 * gives for those days; the presence-based rate and the coverage are reported beside it. A rate the
 * API would withhold for a small group (@vigie/indicators' `isSuppressed`: fewer than the tenant's
 * `min_group_devices` devices, counted as the mean in service per school day) raises nothing.
 */
export function lowActivityRate(
  establishmentId: string,
  days: readonly string[],
  rolledUp: ReadonlyMap<string, RolledUpDay>,
  p: RateParams,
  minGroupDevices: number,
): Firing[] {
  if (days.length < p.school_days) return [];
  const sum = { in_service: 0, active: 0, presence_active: 0, judged_on_use: 0 };
  let schoolDays = 0;
  for (const day of days) {
    const row = rolledUp.get(day);
    if (!row?.school_day) continue;
    schoolDays++;
    for (const k of Object.keys(sum) as (keyof typeof sum)[]) sum[k] += row[k];
  }
  // Only the figures this rule reports: the signal split is not read here.
  const r = rates({ ...sum, active_measured: 0, active_usage: 0, active_presence: 0 });
  const devices = devicesOf({ in_service_devices: null, in_service_device_days: sum.in_service, school_days: schoolDays });
  if (isSuppressed(devices, minGroupDevices) || r.activity_rate === null || r.activity_rate >= p.threshold) return [];
  const rate = round(r.activity_rate)!;
  return [
    {
      subjectType: 'establishment',
      subjectId: establishmentId,
      establishmentId,
      title: `activity rate ${Math.round(rate * 100)} % over the last ${p.school_days} school days (threshold ${Math.round(p.threshold * 100)} %)`,
      details: {
        rate,
        presence_rate: round(r.presence_rate),
        coverage: round(r.coverage),
        active_device_days: sum.active,
        device_days: sum.in_service,
        presence_device_days: r.presence_device_days,
        school_days: p.school_days,
        since: days[days.length - 1],
        until: days[0],
      },
    },
  ];
}
