import { isoWeekday } from './local-time.ts';
import type { HolidayPeriod } from './holiday-periods.ts';
import { publicHolidays } from './public-holidays.ts';

/** Which half-days of each weekday have classes. Index 0 = Monday ... 6 = Sunday. */
export type WeeklyRhythm = readonly { morning: boolean; afternoon: boolean }[];

const FULL = { morning: true, afternoon: true };
const MORNING = { morning: true, afternoon: false };
const NONE = { morning: false, afternoon: false };

/** Collèges and lycées: no classes on Wednesday afternoon. Écoles: four-day week, no Wednesday. */
export const RHYTHMS = {
  wednesday_afternoon_off: [FULL, FULL, MORNING, FULL, FULL, NONE, NONE],
  wednesday_off: [FULL, FULL, NONE, FULL, FULL, NONE, NONE],
  five_days: [FULL, FULL, FULL, FULL, FULL, NONE, NONE],
} as const satisfies Record<string, WeeklyRhythm>;
export type RhythmName = keyof typeof RHYTHMS;

export function defaultRhythm(establishmentType: string): RhythmName {
  return establishmentType === 'ecole' ? 'wednesday_off' : 'wednesday_afternoon_off';
}

/** Lesson hours in local minutes after midnight (defaults: 8:00-12:00 and 13:30-17:30). */
export const LESSON_HOURS = { morning: { from: 8 * 60, to: 12 * 60 }, afternoon: { from: 13 * 60 + 30, to: 17 * 60 + 30 } } as const;

/**
 * Days from `start` to `end` (exclusive) that differ from the zone's calendar: a closure, a bridge
 * or exam days without classes (`classes: false`), or classes on a day normally off (`true`: both
 * half-days). The first exception holding a date wins: list an establishment's before its zone's.
 */
export interface CalendarException {
  start: string;
  end: string;
  classes: boolean;
}

export interface SchoolCalendar {
  zone: string;
  isHoliday(date: string): boolean;
  /** Classes on this local date: neither weekend/rhythm day off, nor holidays, nor public holiday. */
  isSchoolDay(date: string): boolean;
  halfDays(date: string): { morning: boolean; afternoon: boolean };
}

/** The school calendar of one zone and weekly rhythm. */
export function createSchoolCalendar(options: {
  zone: string;
  periods: HolidayPeriod[];
  rhythm: RhythmName | WeeklyRhythm;
  alsaceMoselle?: boolean;
  exceptions?: readonly CalendarException[];
}): SchoolCalendar {
  const periods = options.periods.filter((p) => p.zone === options.zone);
  const rhythm = typeof options.rhythm === 'string' ? RHYTHMS[options.rhythm] : options.rhythm;
  const holidaysByYear = new Map<number, Set<string>>();
  const isPublicHoliday = (date: string) => {
    const year = Number(date.slice(0, 4));
    let set = holidaysByYear.get(year);
    if (!set) {
      set = publicHolidays(year, { zone: options.zone, alsaceMoselle: options.alsaceMoselle ?? false });
      holidaysByYear.set(year, set);
    }
    return set.has(date);
  };
  const isHoliday = (date: string) => isPublicHoliday(date) || periods.some((p) => date >= p.start && date < p.end);
  const exceptions = options.exceptions ?? [];
  const halfDays = (date: string) => {
    const exception = exceptions.find((x) => date >= x.start && date < x.end);
    if (exception) return exception.classes ? FULL : NONE;
    return isHoliday(date) ? NONE : rhythm[isoWeekday(date) - 1]!;
  };
  return {
    zone: options.zone,
    isHoliday,
    halfDays,
    isSchoolDay: (date) => {
      const h = halfDays(date);
      return h.morning || h.afternoon;
    },
  };
}
