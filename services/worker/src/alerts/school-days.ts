import { addDays, type SchoolCalendar } from '@vigie/calendar';

/** The last `n` school days strictly before `today` (local dates, newest first), within a year back. */
export function lastSchoolDays(calendar: SchoolCalendar, today: string, n: number): string[] {
  const days: string[] = [];
  for (let day = addDays(today, -1), guard = 0; days.length < n && guard < 366; day = addDays(day, -1), guard++) {
    if (calendar.isSchoolDay(day)) days.push(day);
  }
  return days;
}
