// When pupils are in class, in an establishment's own time zone: weekdays 8:00-17:00 with a lunch
// break, Wednesday afternoon off (the French collège week). School holidays are not modelled.

export interface LocalTime {
  date: string;
  /** ISO weekday: 1 = Monday ... 7 = Sunday. */
  weekday: number;
  hour: number;
  minute: number;
}

const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };
const formats = new Map<string, Intl.DateTimeFormat>();

function formatFor(timeZone: string): Intl.DateTimeFormat {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', weekday: 'short', hour: '2-digit', minute: '2-digit',
    });
    formats.set(timeZone, format);
  }
  return format;
}

/** Wall-clock date and time of an instant in a time zone. */
export function localTime(at: number, timeZone: string): LocalTime {
  const parts: Record<string, string> = {};
  for (const part of formatFor(timeZone).formatToParts(at)) parts[part.type] = part.value;
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    weekday: WEEKDAYS[parts.weekday!]!,
    hour: Number(parts.hour),
    minute: Number(parts.minute),
  };
}

export const LESSON_HOURS = [8, 9, 10, 11, 13, 14, 15, 16] as const;

export function isSchoolDay(weekday: number): boolean {
  return weekday <= 5;
}

/** The lesson hours of a weekday: none at weekends, mornings only on Wednesday. */
export function lessonHoursOf(weekday: number): readonly number[] {
  if (!isSchoolDay(weekday)) return [];
  return weekday === 3 ? LESSON_HOURS.filter((h) => h < 12) : LESSON_HOURS;
}

export function isLessonTime(local: LocalTime): boolean {
  return lessonHoursOf(local.weekday).includes(local.hour);
}

/** The instant of local midnight starting `date` (YYYY-MM-DD) in a time zone. */
export function localMidnight(date: string, timeZone: string): number {
  const guess = Date.parse(`${date}T00:00:00Z`);
  const local = localTime(guess, timeZone);
  const shownAsUtc = Date.parse(`${local.date}T${String(local.hour).padStart(2, '0')}:${String(local.minute).padStart(2, '0')}:00Z`);
  return guess - (shownAsUtc - guess);
}

/** Local midnight of the earliest of the last `count` school days, today included if it is one. */
export function startOfSchoolDays(now: number, count: number, timeZone: string): number {
  let day = localTime(now, timeZone).date;
  let found = 0;
  for (let guard = 0; guard < 40; guard++) {
    const weekday = localTime(Date.parse(`${day}T12:00:00Z`), 'UTC').weekday;
    if (isSchoolDay(weekday) && ++found >= count) break;
    day = new Date(Date.parse(`${day}T12:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  }
  return localMidnight(day, timeZone);
}
