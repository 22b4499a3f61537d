import {
  createSchoolCalendar,
  defaultRhythm,
  LESSON_HOURS,
  shippedHolidayPeriods,
  zonedInstant,
  type SchoolCalendar,
} from '@vigie/calendar';

// When pupils are in class, by @vigie/calendar: the zone's holidays and public holidays, the weekly
// rhythm of the establishment type (écoles: no Wednesday; collèges and lycées: Wednesday morning
// only), lesson hours cut into hour-long lessons.

const periods = shippedHolidayPeriods();
const calendars = new Map<string, SchoolCalendar>();

export function calendarOf(zone: string, establishmentType: string): SchoolCalendar {
  const key = `${zone}/${establishmentType}`;
  let calendar = calendars.get(key);
  if (!calendar) {
    calendar = createSchoolCalendar({ zone, periods, rhythm: defaultRhythm(establishmentType) });
    calendars.set(key, calendar);
  }
  return calendar;
}

/** Start of each hour-long lesson of a date, in local minutes after midnight; none on days without classes. */
export function lessonStarts(calendar: SchoolCalendar, date: string): number[] {
  const open = calendar.halfDays(date);
  const starts: number[] = [];
  for (const half of ['morning', 'afternoon'] as const) {
    if (!open[half]) continue;
    for (let m = LESSON_HOURS[half].from; m + 60 <= LESSON_HOURS[half].to; m += 60) starts.push(m);
  }
  return starts;
}

const clocks = new Map<string, (minutes: number) => number>();

/**
 * Local minutes of `date` → epoch ms, DST-safe. The offset of 00:00 holds before 02:00 and the
 * offset of 12:00 from 04:00 on (French and overseas DST changes happen between 02:00 and 03:00);
 * minutes in between ask the tz database. Cached: every device of a zone shares it.
 */
export function dayClock(timeZone: string, date: string): (minutes: number) => number {
  const key = `${timeZone}/${date}`;
  let clock = clocks.get(key);
  if (!clock) {
    const midnight = zonedInstant(date, 0, timeZone).getTime();
    const noon = zonedInstant(date, 720, timeZone).getTime() - 720 * 60_000;
    clock = (minutes) => {
      if (minutes < 120) return midnight + minutes * 60_000;
      if (minutes >= 240) return noon + minutes * 60_000;
      return zonedInstant(date, minutes, timeZone).getTime();
    };
    if (clocks.size > 10_000) clocks.clear();
    clocks.set(key, clock);
  }
  return clock;
}
