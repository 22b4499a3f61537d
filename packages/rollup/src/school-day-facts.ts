import {
  addDays,
  createSchoolCalendar,
  defaultRhythm,
  LESSON_HOURS,
  zonedInstant,
  type CalendarException,
  type HolidayPeriod,
  type RhythmName,
  type SchoolCalendar,
} from '@vigie/calendar';
import { EMPTY_MASK, lessonMask, type LessonHours } from './slot-masks.ts';

export interface EstablishmentCalendarInput {
  type: string;
  calendar_zone: string;
  rhythm: string | null;
  alsace_moselle: boolean;
}

/**
 * The school calendar of one establishment: its zone, its rhythm (or its type's default), its local
 * holidays, and its exceptions (its own first, then its zone's corrections).
 */
export function establishmentCalendar(
  e: EstablishmentCalendarInput,
  periods: HolidayPeriod[],
  exceptions: readonly CalendarException[] = [],
): SchoolCalendar {
  const rhythm = (e.rhythm ?? defaultRhythm(e.type)) as RhythmName;
  return createSchoolCalendar({ zone: e.calendar_zone, periods, rhythm, alsaceMoselle: e.alsace_moselle, exceptions });
}

/** What the SQL of a rollup needs to know about one local day, as plain values. */
export interface DayFacts {
  day: string;
  schoolDay: boolean;
  morning: boolean;
  afternoon: boolean;
  halfDays: number;
  /** bit(96) literal of the lesson-hour slots of the day (all zeros when there are no classes). */
  lessonMask: string;
}

export function dayFacts(calendar: SchoolCalendar, day: string, hours: LessonHours = LESSON_HOURS): DayFacts {
  const h = calendar.halfDays(day);
  const halfDays = (h.morning ? 1 : 0) + (h.afternoon ? 1 : 0);
  return {
    day,
    schoolDay: halfDays > 0,
    morning: h.morning,
    afternoon: h.afternoon,
    halfDays,
    lessonMask: halfDays ? lessonMask(h, hours) : EMPTY_MASK,
  };
}

/** The `n` most recent school days up to and including `until`, newest first (searching at most a year back). */
export function recentSchoolDays(calendar: SchoolCalendar, until: string, n: number): string[] {
  const days: string[] = [];
  for (let d = until, i = 0; days.length < n && i < 366; d = addDays(d, -1), i++) {
    if (calendar.isSchoolDay(d)) days.push(d);
  }
  return days;
}

/** The instants bounding each half-day's lesson hours with classes on that day, in the establishment's time zone. */
export function lessonWindows(facts: DayFacts, timeZone: string, hours: LessonHours = LESSON_HOURS) {
  const window = (r: { from: number; to: number }) => ({
    from: zonedInstant(facts.day, r.from, timeZone),
    to: zonedInstant(facts.day, r.to, timeZone),
  });
  return { morning: facts.morning ? window(hours.morning) : null, afternoon: facts.afternoon ? window(hours.afternoon) : null };
}
