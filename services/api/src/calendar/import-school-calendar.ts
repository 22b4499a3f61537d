import type { HolidayPeriod } from '@vigie/calendar';
import { calendarPeriods, establishments } from '@vigie/store';
import { AppError } from '../errors.ts';
import { requestRecompute, type RecomputeDeps } from '../recompute/request-recompute.ts';

/**
 * Replaces the tenant's school calendar with the periods of an official export, then recomputes the
 * rolled-up days it changed at the establishments of its zones. The one import of
 * `POST /v1/calendar/import` and `npm run vigie -- calendar-import`, so both correct past figures.
 */
export async function importSchoolCalendar(deps: RecomputeDeps, tenantId: string, periods: HolidayPeriod[]) {
  if (periods.length === 0) throw new AppError(400, 'invalid_field', 'the export holds no holiday period', 'body');
  const result = await calendarPeriods.replaceYears(deps.db, tenantId, periods);
  const zones = [...new Set(periods.map((p) => p.zone))].sort();
  const places = (await establishments.list(deps.db, tenantId, null)).filter((e) => zones.includes(e.calendar_zone)).map((e) => e.id);
  const run =
    result.from && result.to ? await requestRecompute(deps, tenantId, 'calendar', places, { from: result.from, to: result.to }) : null;
  return {
    periods: result.inserted,
    removed: result.removed,
    zones,
    school_years: [...new Set(periods.map((p) => p.schoolYear))].sort(),
    /** The recompute of the affected days, or null when none of them was rolled up yet. */
    run,
  };
}
