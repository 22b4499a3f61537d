import { createSchoolCalendar, LESSON_HOURS, localParts, shippedHolidayPeriods, ZONE_TIME_ZONES, zonedInstant, addDays, type SchoolCalendar } from '@vigie/calendar';

// When pupils are in class, by @vigie/calendar: the zone's holidays and public holidays, the
// collège week (Wednesday afternoon off) and its lesson hours, cut into hour-long lessons.

const periods = shippedHolidayPeriods();
const calendars = new Map<string, SchoolCalendar>();

export function calendarOf(zone: string): SchoolCalendar {
  let calendar = calendars.get(zone);
  if (!calendar) {
    calendar = createSchoolCalendar({ zone, periods, rhythm: 'wednesday_afternoon_off' });
    calendars.set(zone, calendar);
  }
  return calendar;
}

export interface LocalTime {
  date: string;
  /** Minutes after local midnight. */
  minutes: number;
}

export function localTime(at: number, timeZone: string): LocalTime {
  const parts = localParts(new Date(at), timeZone);
  return { date: parts.date, minutes: parts.hour * 60 + parts.minute };
}

/** Start of each hour-long lesson of a date, in local minutes; none on days without classes. */
export function lessonStarts(calendar: SchoolCalendar, date: string): number[] {
  const open = calendar.halfDays(date);
  const starts: number[] = [];
  for (const half of ['morning', 'afternoon'] as const) {
    if (!open[half]) continue;
    for (let m = LESSON_HOURS[half].from; m + 60 <= LESSON_HOURS[half].to; m += 60) starts.push(m);
  }
  return starts;
}

/** The start of the lesson going on at this local time, or null outside lessons. */
export function lessonAt(calendar: SchoolCalendar, local: LocalTime): number | null {
  return lessonStarts(calendar, local.date).find((start) => local.minutes >= start && local.minutes < start + 60) ?? null;
}

/** Local midnight of the earliest of the last `count` school days of a zone, today included. */
export function startOfSchoolDays(now: number, count: number, zone: string): number {
  const calendar = calendarOf(zone);
  const timeZone = ZONE_TIME_ZONES[zone] ?? 'Europe/Paris';
  let day = localTime(now, timeZone).date;
  // A year back at most: summer holidays are the longest gap.
  for (let found = 0, guard = 0; guard < 366; guard++, day = addDays(day, -1)) {
    if (calendar.isSchoolDay(day) && ++found >= count) break;
  }
  return zonedInstant(day, 0, timeZone).getTime();
}
