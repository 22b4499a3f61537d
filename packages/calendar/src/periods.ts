import { addDays, isoWeekday } from './local-time.ts';

export const PeriodGranularities = ['week', 'month', 'school_year'] as const;
export type PeriodGranularity = (typeof PeriodGranularities)[number];

/** First day of the period holding `day`: ISO week (Monday), month, school year (1 September). */
export function periodStart(granularity: PeriodGranularity, day: string): string {
  if (granularity === 'week') return addDays(day, 1 - isoWeekday(day));
  if (granularity === 'month') return `${day.slice(0, 7)}-01`;
  const year = Number(day.slice(0, 4));
  return Number(day.slice(5, 7)) >= 9 ? `${year}-09-01` : `${year - 1}-09-01`;
}

/** Last day of the period starting on `start`. */
export function periodEnd(granularity: PeriodGranularity, start: string): string {
  if (granularity === 'week') return addDays(start, 6);
  if (granularity === 'month') {
    const [y, m] = [Number(start.slice(0, 4)), Number(start.slice(5, 7))];
    const next = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
    return addDays(next, -1);
  }
  return `${Number(start.slice(0, 4)) + 1}-08-31`;
}

/** The week, month and school year a day belongs to, each as [start, end]. */
export function periodsOf(day: string): { granularity: PeriodGranularity; start: string; end: string }[] {
  return PeriodGranularities.map((granularity) => {
    const start = periodStart(granularity, day);
    return { granularity, start, end: periodEnd(granularity, start) };
  });
}

/** The period just before the one starting on `start`. */
export function previousPeriodStart(granularity: PeriodGranularity, start: string): string {
  return periodStart(granularity, addDays(start, -1));
}

/** The days a change recomputes: from 1 September of `schoolYears - 1` years before today's school year, to `today`. */
export function recomputeHorizon(today: string, schoolYears: number): { from: string; to: string } {
  const start = periodStart('school_year', today);
  return { from: `${Number(start.slice(0, 4)) - (schoolYears - 1)}-09-01`, to: today };
}
