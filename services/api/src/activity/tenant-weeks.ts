import { addDays, isoWeekday } from '@vigie/calendar';
import { addDeviceDays, noDeviceDays, type DeviceDayCounts } from '@vigie/indicators';
import { groupFigures } from './activity-periods.ts';

// A tenant's weeks (Monday to Sunday) from its days: the device-days of each summed, then the rates
// of @vigie/indicators applied once to the sums, as an establishment's week period is computed. A
// tenant has no period table of its own; its days hold the same numerators.

/** A tenant's day, dimension 'all': present only for days with classes in one establishment at least. */
export type TenantDay = DeviceDayCounts & { day: string; establishments: number };

/** The Monday of a date's week. */
const mondayOf = (day: string) => addDays(day, 1 - isoWeekday(day));

/** Each week holding one of these days, oldest first: its school days, device-days and rates. */
export function tenantWeeks(days: readonly TenantDay[]) {
  const sums = new Map<string, DeviceDayCounts & { school_days: number }>();
  for (const d of days) {
    if (d.establishments <= 0) continue;
    const start = mondayOf(d.day);
    const s = sums.get(start) ?? { school_days: 0, ...noDeviceDays() };
    s.school_days++;
    addDeviceDays(s, d);
    sums.set(start, s);
  }
  return [...sums.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([start, s]) => ({ start, end: addDays(start, 6), school_days: s.school_days, ...groupFigures(s) }));
}
