import { rates, reach, type DeviceDayCounts } from '@vigie/indicators';
import type { establishmentDays, establishmentPeriods } from '@vigie/store';

// Turns the worker's rows (one per dimension and value) into the API's periods. Pure shaping: every
// count was computed by the rollup jobs, every rate by @vigie/indicators.

type DayRow = Awaited<ReturnType<typeof establishmentDays.list>>[number];
type PeriodRow = Awaited<ReturnType<typeof establishmentPeriods.list>>[number];

interface Common extends DeviceDayCounts {
  start: string;
  end: string;
  dimension: string;
  value: string;
  school_days: number;
  discounted: number | null;
  devices: number | null;
  reached: number | null;
  outage: boolean | null;
}

const fromDay = (r: DayRow): Common => {
  // Rates count school days only: a holiday or weekend contributes nothing to numerator or denominator.
  const k = r.school_day ? 1 : 0;
  return {
    start: r.day,
    end: r.day,
    dimension: r.dimension,
    value: r.value,
    school_days: k,
    in_service: r.in_service * k,
    active: r.active * k,
    active_measured: r.active_measured * k,
    active_usage: r.active_usage * k,
    active_presence: r.active_presence * k,
    presence_active: r.presence_active * k,
    judged_on_use: r.judged_on_use * k,
    discounted: r.presence_discounted,
    devices: null,
    reached: null,
    outage: r.outage,
  };
};

const fromPeriod = (r: PeriodRow): Common => ({
  start: r.period_start,
  end: r.period_end,
  dimension: r.dimension,
  value: r.value,
  school_days: r.school_days,
  in_service: r.in_service_device_days,
  active: r.active_device_days,
  active_measured: r.active_measured,
  active_usage: r.active_usage,
  active_presence: r.active_presence,
  presence_active: r.presence_active_device_days,
  judged_on_use: r.judged_on_use_device_days,
  discounted: null,
  devices: r.in_service_devices,
  reached: r.reached_devices,
  outage: null,
});

/** A group's figures (a split by kind or assignment, a tenant's day). */
export function groupFigures(c: DeviceDayCounts) {
  const r = rates(c);
  return {
    in_service_device_days: c.in_service,
    active_device_days: c.active,
    activity_rate: r.activity_rate,
    presence_rate: r.presence_rate,
    coverage: r.coverage,
    presence_device_days: r.presence_device_days,
  };
}

function shape(rows: Common[]) {
  const byStart = new Map<string, Common[]>();
  for (const r of rows) byStart.set(r.start, [...(byStart.get(r.start) ?? []), r]);
  return [...byStart.values()].flatMap((group) => {
    const all = group.find((r) => r.dimension === 'all');
    if (!all) return [];
    const split = (dimension: string) =>
      Object.fromEntries(group.filter((r) => r.dimension === dimension).map((r) => [r.value, groupFigures(r)]));
    return [
      {
        start: all.start,
        end: all.end,
        school_days: all.school_days,
        ...groupFigures(all),
        activity_rate_use: rates(all).activity_rate_use,
        active_by_signal: { measured: all.active_measured, usage: all.active_usage, presence: all.active_presence },
        presence_active_device_days: all.presence_active,
        judged_on_use_device_days: all.judged_on_use,
        presence_discounted: all.discounted,
        in_service_devices: all.devices,
        reached_devices: all.reached,
        reach: reach(all.reached, all.devices),
        outage: all.outage,
        by_kind: split('kind'),
        by_assignment: split('assignment'),
      },
    ];
  });
}

export const dayPeriods = (rows: DayRow[]) => shape(rows.map(fromDay));
export const periodPeriods = (rows: PeriodRow[]) => shape(rows.map(fromPeriod));
