import type { RolledUpDay } from './activity-rate.ts';

/**
 * The last `n` days before `today` that the rollup judged school days of the establishment, outage
 * days skipped, newest first: the window of docs/indicators.md "Inactif", as GET /v1/devices?idle=true
 * reads it from establishment_days. Today is left out: it is not over.
 */
export function idleWindow(rolledUp: ReadonlyMap<string, RolledUpDay> | undefined, today: string, n: number): string[] {
  const days = [...(rolledUp ?? new Map<string, RolledUpDay>())]
    .filter(([day, r]) => day < today && r.school_day && !r.outage)
    .map(([day]) => day);
  return days.sort().reverse().slice(0, n);
}
