import { localDate } from '@vigie/calendar';

export interface PlacedInstant {
  establishmentId: string | null;
  timeZone: string;
  at: Date;
}
export interface PlacedDay {
  establishmentId: string | null;
  day: string;
}

/**
 * The distinct (establishment, local day) pairs some observations touch: what their batch marks
 * dirty. Devices without an establishment are counted nowhere, so they mark nothing.
 */
export function dirtyDays(instants: PlacedInstant[], days: PlacedDay[]): { establishmentId: string; day: string }[] {
  const keys = new Set<string>();
  for (const i of instants) if (i.establishmentId) keys.add(`${i.establishmentId}/${localDate(i.at, i.timeZone)}`);
  for (const d of days) if (d.establishmentId) keys.add(`${d.establishmentId}/${d.day}`);
  return [...keys].sort().map((k) => {
    const [establishmentId, day] = k.split('/') as [string, string];
    return { establishmentId, day };
  });
}
