import type { PlannedEstablishment } from '../population/fleet-plan.ts';

const DAY_MS = 86_400_000;
const STEADY = { heavy: 1.5, average: 1, under: 0.3 } as const;
// A pilot wave starts low and reaches a heavy user's level in about eight weeks.
const PILOT_RAMP_DAYS = 56;

/** How much more (or less) than average the establishment uses its devices on a date. */
export function usageLevel(establishment: PlannedEstablishment, date: string): number {
  if (establishment.profile !== 'pilot') return STEADY[establishment.profile];
  const days = (Date.parse(date) - Date.parse(establishment.pilotStart)) / DAY_MS;
  return Math.min(1.5, Math.max(0.05, 0.05 + (1.45 * days) / PILOT_RAMP_DAYS));
}
