import type { establishmentDays, establishmentPeriods } from '@vigie/store';

// Turns the worker's rows (one per dimension and value) into the API's periods. Pure shaping: every
// figure was computed by the rollup jobs.

type DayRow = Awaited<ReturnType<typeof establishmentDays.list>>[number];
type PeriodRow = Awaited<ReturnType<typeof establishmentPeriods.list>>[number];

export const ratio = (part: number, whole: number | null) => (whole ? part / whole : null);

interface Common {
  start: string;
  end: string;
  dimension: string;
  value: string;
  school_days: number;
  in_service: number;
  active: number;
  measured: number;
  usage: number;
  presence: number;
  discounted: number | null;
  devices: number | null;
  reached: number | null;
  outage: boolean | null;
}

const fromDay = (r: DayRow): Common => {
  // Rates count school days only: a holiday or weekend contributes nothing to numerator or denominator.
  const k = r.school_day ? 1 : 0;
  return {
    start: r.day, end: r.day, dimension: r.dimension, value: r.value, school_days: k, in_service: r.in_service * k, active: r.active * k,
    measured: r.active_measured * k, usage: r.active_usage * k, presence: r.active_presence * k, discounted: r.presence_discounted,
    devices: null, reached: null, outage: r.outage,
  };
};

const fromPeriod = (r: PeriodRow): Common => ({
  start: r.period_start, end: r.period_end, dimension: r.dimension, value: r.value, school_days: r.school_days,
  in_service: r.in_service_device_days, active: r.active_device_days, measured: r.active_measured, usage: r.active_usage,
  presence: r.active_presence, discounted: null, devices: r.in_service_devices, reached: r.reached_devices, outage: null,
});

function shape(rows: Common[]) {
  const byStart = new Map<string, Common[]>();
  for (const r of rows) byStart.set(r.start, [...(byStart.get(r.start) ?? []), r]);
  return [...byStart.values()].flatMap((group) => {
    const all = group.find((r) => r.dimension === 'all');
    if (!all) return [];
    const split = (dimension: string) =>
      Object.fromEntries(group.filter((r) => r.dimension === dimension).map((r) => [r.value, {
        in_service_device_days: r.in_service, active_device_days: r.active, activity_rate: ratio(r.active, r.in_service),
      }]));
    return [{
      start: all.start, end: all.end, school_days: all.school_days,
      in_service_device_days: all.in_service, active_device_days: all.active,
      activity_rate: ratio(all.active, all.in_service), activity_rate_use: ratio(all.measured + all.usage, all.in_service),
      active_by_signal: { measured: all.measured, usage: all.usage, presence: all.presence },
      presence_discounted: all.discounted, in_service_devices: all.devices, reached_devices: all.reached,
      reach: all.reached === null ? null : ratio(all.reached, all.devices), outage: all.outage,
      by_kind: split('kind'), by_assignment: split('assignment'),
    }];
  });
}

export const dayPeriods = (rows: DayRow[]) => shape(rows.map(fromDay));
export const periodPeriods = (rows: PeriodRow[]) => shape(rows.map(fromPeriod));
